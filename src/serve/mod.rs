//! Live preview server: build into a private folder, serve, watch, reload, error overlay.
