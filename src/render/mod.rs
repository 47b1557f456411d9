//! Rendering the help center: markdown, templates, pages, search index, link check, atomic write.
