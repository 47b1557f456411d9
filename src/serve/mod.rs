//! Live preview server: build into a private folder, serve, watch, reload, error overlay.
//!
//! The pieces, each in its own file:
//! - [`site`]: the private output folder, one build after another, and the state every
//!   request and reload channel reads (which folder is live, the current error if any);
//! - [`watch`]: the debounced file watcher and the rule for which paths matter;
//! - [`http`]: the axum router: the site itself (with the reload script and the error overlay
//!   injected into HTML), the server-sent-events reload channel and its two small assets.
//!
//! The browser side is deliberately small: every HTML page loads `/__mailbook/livereload.js`,
//! which listens on `/__mailbook/events` and reloads the page when the server reports a build
//! other than the one the page was served from. A failed build is reported the same way, and
//! the reloaded page carries the diagnostic as an overlay over the last good page.

mod http;
mod site;
mod watch;

use anyhow::Context as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

pub use site::{Status, Version};

/// What `mailbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Project root (holds `mailbook.yaml`, `recipes/`, optionally `templates/`).
    pub root: PathBuf,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port to bind; 0 lets the system pick a free one.
    pub port: u16,
    /// Open the preview in the default browser once it is up.
    pub open: bool,
}

/// How long the watcher waits for a burst of file events to settle before rebuilding.
/// Short enough to feel instant, long enough to fold an editor's write-rename-write into one.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long a clean shutdown may take before open connections are dropped.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// The warning printed when the preview is reachable from other machines, if it is.
pub fn exposure_warning(addr: SocketAddr) -> Option<String> {
    if addr.ip().is_loopback() {
        return None;
    }
    Some(format!(
        "warning: the preview listens on {addr}, so other machines can reach it; it has no \
         access control (use --bind 127.0.0.1 to keep it on this machine)"
    ))
}

/// The address to browse: the bound one, or loopback when bound to all interfaces (browsers
/// refuse `0.0.0.0`; the other machines use this machine's name or address).
pub fn browse_addr(bound: SocketAddr) -> SocketAddr {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bound.port())
}

/// Run the preview until Ctrl-C (or SIGTERM). Returns after a clean shutdown; fails only when
/// the server cannot start (port taken, project folder missing), never because of a recipe.
pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(options))
}

/// The project folder (canonical) and the bound listener: everything that can stop the
/// preview from starting.
async fn open(options: &ServeOptions) -> anyhow::Result<(PathBuf, tokio::net::TcpListener)> {
    let root = std::fs::canonicalize(&options.root)
        .with_context(|| format!("cannot open the project folder {}", options.root.display()))?;
    // Later a missing file is just a build error in the overlay; at the start it most likely
    // means the wrong folder.
    anyhow::ensure!(
        root.join("mailbook.yaml").is_file(),
        "{} has no mailbook.yaml: run `mailbook serve` in the project folder or pass --root",
        root.display()
    );
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(requested)
        .await
        .with_context(|| {
            format!("cannot listen on {requested} (is another server using it? try --port 0)")
        })?;
    Ok((root, listener))
}

async fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    let (root, listener) = open(options).await?;
    let addr = listener.local_addr()?;
    if let Some(warning) = exposure_warning(addr) {
        eprintln!("{warning}");
    }
    let url = format!("http://{}/", browse_addr(addr));

    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    // Listen for Ctrl-C from here on, so even a stop during the first build is clean.
    let stop = StopSignal::listen()?;
    tokio::spawn(async move {
        stop.wait().await;
        eprintln!("mailbook: stopping");
        let _ = shutdown_tx.send(true);
    });
    let site = site::Site::new(root.clone(), url.clone())?;
    // Watch before the first build, so a save during it is not lost.
    let (changes_tx, changes_rx) = tokio::sync::mpsc::unbounded_channel();
    let watcher = watch::Watcher::start(&root, site.private_dir(), changes_tx)?;
    eprintln!(
        "mailbook: building {} into {}",
        root.display(),
        site.private_dir().display()
    );
    site.rebuild(&[]).await;
    let builder = tokio::spawn(site.clone().rebuild_on_change(
        changes_rx,
        watcher,
        shutdown_rx.clone(),
    ));

    let router = http::router(site.clone(), shutdown_rx.clone(), addr.ip().is_loopback());
    let mut server_shutdown = shutdown_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = server_shutdown.wait_for(|stop| *stop).await;
            })
            .await
    });

    // Stdout carries only the URL, so scripts (and the tests) can read the real port.
    println!("{url}");
    eprintln!("mailbook: serving the preview at {url} (Ctrl-C to stop)");
    if options.open
        && let Err(e) = open::that_detached(&url)
    {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }

    let mut stopped = shutdown_rx.clone();
    let _ = stopped.wait_for(|stop| *stop).await;
    stop_server(server).await;
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, builder).await;
    // Dropping the last `Site` removes the private output folder.
    drop(site);
    Ok(())
}

/// Give open connections [`SHUTDOWN_GRACE`] to finish, then close them.
async fn stop_server(mut server: tokio::task::JoinHandle<std::io::Result<()>>) {
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => eprintln!("warning: the server stopped with an error: {e}"),
        Ok(Err(e)) => eprintln!("warning: the server task failed: {e}"),
        Err(_) => {
            eprintln!("warning: connections still open after {SHUTDOWN_GRACE:?}; closing them");
            server.abort();
        }
    }
}

/// Ctrl-C everywhere, and SIGTERM on Unix (what `kill` and service managers send).
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignal {
    /// Take over the signals now (until then they would end the process abruptly).
    fn listen() -> anyhow::Result<StopSignal> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignal {
                interrupt: signal(SignalKind::interrupt()).context("cannot handle Ctrl-C")?,
                terminate: signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignal {})
        }
    }

    #[cfg_attr(not(unix), allow(unused_mut))]
    async fn wait(mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_interfaces_are_browsed_on_loopback() {
        let browse = |a: &str| browse_addr(a.parse().unwrap()).to_string();
        assert_eq!(browse("0.0.0.0:3000"), "127.0.0.1:3000");
        assert_eq!(browse("[::]:3000"), "[::1]:3000");
        assert_eq!(browse("192.168.1.5:80"), "192.168.1.5:80");
        assert_eq!(browse("127.0.0.1:0"), "127.0.0.1:0");
    }

    #[test]
    fn warns_only_off_loopback() {
        assert_eq!(exposure_warning("127.0.0.1:3000".parse().unwrap()), None);
        assert_eq!(exposure_warning("[::1]:3000".parse().unwrap()), None);
        let warning = exposure_warning("0.0.0.0:3000".parse().unwrap()).unwrap();
        assert!(warning.contains("0.0.0.0:3000"), "{warning}");
        assert!(warning.contains("--bind 127.0.0.1"), "{warning}");
        assert!(exposure_warning("192.168.1.5:80".parse().unwrap()).is_some());
    }
}
