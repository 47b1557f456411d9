//! The network half of `drift`: every question (an autoconfig URL, an ISPDB file, an SRV or
//! MX look-up, an EHLO, a source page) is one task; `--jobs` threads take tasks until none
//! is left, so a slow answer holds one thread, not the run.

use super::autoconfig;
use super::compare::{self, Finding};
use super::dns::{self, Dns};
use super::http::{Fetched, Http, Probe};
use crate::recipe::{AuthMechanism, LoadedRecipe, Phase, Recipe, Security};
use crate::report::CheckStatus;
use crate::verify::phases::{self, RunOptions};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where `drift` looks.
pub struct Sources {
    /// DNS.
    pub dns: std::sync::Arc<Dns>,
    /// HTTPS.
    pub http: Http,
    /// Thunderbird's ISPDB.
    pub ispdb: Option<Ispdb>,
    /// For the EHLO check; `None` skips it.
    pub smtp: Option<RunOptions>,
}

/// Where the ISPDB is.
#[derive(Debug, Clone)]
pub enum Ispdb {
    /// A checkout.
    Dir(PathBuf),
    /// The address the files are served under, without the final `/`.
    Url(String),
}

impl Ispdb {
    /// A URL when it starts with `https://` or `http://`, else a folder.
    pub fn parse(arg: &str) -> Ispdb {
        if arg.starts_with("https://") || arg.starts_with("http://") {
            Ispdb::Url(arg.trim_end_matches('/').to_string())
        } else {
            Ispdb::Dir(PathBuf::from(arg))
        }
    }
}

/// One question about one recipe.
#[derive(Debug, Clone)]
enum Task {
    Autoconfig(String),
    Ispdb(String),
    Srv(String, Security),
    Mx(String),
    Ehlo(usize),
    Page(usize),
}

/// Every task for a recipe.
fn tasks(recipe: &Recipe, sources: &Sources) -> Vec<Task> {
    let mut out = Vec::new();
    for d in &recipe.domains {
        out.push(Task::Autoconfig(format!(
            "https://autoconfig.{d}/mail/config-v1.1.xml"
        )));
        out.push(Task::Autoconfig(format!(
            "https://{d}/.well-known/autoconfig/mail/config-v1.1.xml"
        )));
        if sources.ispdb.is_some() {
            out.push(Task::Ispdb(d.clone()));
        }
        out.push(Task::Srv(format!("_submissions._tcp.{d}"), Security::Tls));
        out.push(Task::Srv(
            format!("_submission._tcp.{d}"),
            Security::Starttls,
        ));
        if !recipe.mx_patterns.is_empty() {
            out.push(Task::Mx(d.clone()));
        }
    }
    if sources.smtp.is_some() {
        out.extend((0..recipe.smtp.len()).map(Task::Ehlo));
    }
    out.extend((0..recipe.sources.len()).map(Task::Page));
    out
}

/// Each finished task's number and findings, for one recipe.
type PerRecipe = Vec<(usize, Vec<Finding>)>;

/// Run every task of every recipe, `jobs` at a time; findings per recipe, folded.
pub fn run(recipes: &[&LoadedRecipe], sources: &Sources, jobs: usize) -> Vec<Vec<Finding>> {
    let all: Vec<(usize, Task)> = recipes
        .iter()
        .enumerate()
        .flat_map(|(i, r)| tasks(&r.recipe, sources).into_iter().map(move |t| (i, t)))
        .collect();
    let next = AtomicUsize::new(0);
    let found: Mutex<Vec<PerRecipe>> = Mutex::new(vec![Vec::new(); recipes.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, all.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some((i, task)) = all.get(n) else { break };
                    let findings = one(&recipes[*i].recipe, task, sources);
                    if let Ok(mut f) = found.lock() {
                        f[*i].push((n, findings));
                    }
                }
            });
        }
    });
    found
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|mut per| {
            // Task order, not finishing order: the output is the same on every run.
            per.sort_by_key(|(n, _)| *n);
            super::fold(per.into_iter().flat_map(|(_, f)| f).collect())
        })
        .collect()
}

fn one(recipe: &Recipe, task: &Task, sources: &Sources) -> Vec<Finding> {
    match task {
        Task::Autoconfig(url) => fetched(recipe, url, "autoconfig", &sources.http),
        Task::Ispdb(domain) => match &sources.ispdb {
            Some(Ispdb::Dir(dir)) => ispdb(recipe, domain, dir),
            Some(Ispdb::Url(base)) => {
                fetched(recipe, &format!("{base}/{domain}"), "ispdb", &sources.http)
            }
            None => Vec::new(),
        },
        Task::Srv(name, security) => srv(recipe, name, *security, &sources.dns),
        Task::Mx(domain) => mx(recipe, domain, &sources.dns),
        Task::Ehlo(i) => sources
            .smtp
            .as_ref()
            .map(|o| ehlo(recipe, *i, o))
            .unwrap_or_default(),
        Task::Page(i) => page(recipe, *i, &sources.http),
    }
}

/// Fetch an autoconfig-format file and compare it; `kind` names the source.
fn fetched(recipe: &Recipe, url: &str, kind: &str, http: &Http) -> Vec<Finding> {
    let source = format!("{kind} {url}");
    match http.fetch(url) {
        // Most providers publish no autoconfig file: not finding one is no difference.
        Fetched::Status(_) => Vec::new(),
        Fetched::Failed(why) if !why.contains("larger than") => Vec::new(),
        Fetched::Failed(why) => vec![Finding::unreadable("domains", why, &source)],
        Fetched::Body { text, via } => {
            let source = match via {
                Some(last) => format!("{kind} {url} (redirected to {last})"),
                None => source,
            };
            match autoconfig::parse(&text) {
                Ok(p) => compare::published(recipe, &p, &source),
                Err(why) => vec![Finding::unreadable("domains", why, &source)],
            }
        }
    }
}

/// The ISPDB file for `domain` in a checkout: `ispdb/<domain>.xml`, `<domain>.xml` or `<domain>`.
pub fn ispdb_file(dir: &std::path::Path, domain: &str) -> Option<PathBuf> {
    [
        dir.join("ispdb").join(format!("{domain}.xml")),
        dir.join(format!("{domain}.xml")),
        dir.join(domain),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

fn ispdb(recipe: &Recipe, domain: &str, dir: &std::path::Path) -> Vec<Finding> {
    let Some(path) = ispdb_file(dir, domain) else {
        return Vec::new();
    };
    let source = format!("ispdb {}", path.display());
    let text = match read_capped(&path, super::http::MAX_BODY_BYTES) {
        Ok(t) => t,
        Err(why) => return vec![Finding::unreadable("domains", why, &source)],
    };
    match autoconfig::parse(&text) {
        Ok(p) => compare::published(recipe, &p, &source),
        Err(why) => vec![Finding::unreadable("domains", why, &source)],
    }
}

fn srv(recipe: &Recipe, name: &str, security: Security, dns: &Dns) -> Vec<Finding> {
    let source = format!("srv {name}");
    let records = match dns.srv(name) {
        Ok(r) => r,
        Err(why) => return vec![Finding::unreadable("smtp", why, &source)],
    };
    // RFC 6186: a target of "." says the service is not offered.
    let published: Vec<autoconfig::PublishedServer> = records
        .into_iter()
        .filter(|r| r.host != "." && r.port != 0)
        .map(|r| autoconfig::PublishedServer {
            host: r.host,
            port: r.port,
            security,
            auth: None,
            username: None,
        })
        .collect();
    compare::servers(recipe, &published, &source)
}

fn mx(recipe: &Recipe, domain: &str, dns: &Dns) -> Vec<Finding> {
    let source = format!("mx {domain}");
    let records = match dns.mx(domain) {
        Ok(r) => r,
        Err(why) => return vec![Finding::unreadable("mx_patterns", why, &source)],
    };
    let strays: Vec<String> = records
        .iter()
        .filter(|m| m.host != ".")
        .filter(|m| {
            !recipe
                .mx_patterns
                .iter()
                .any(|p| dns::matches_pattern(&m.host, p))
        })
        .map(|m| m.host.clone())
        .collect();
    if strays.is_empty() {
        return Vec::new();
    }
    vec![Finding::drift(
        "mx_patterns",
        format!("[{}]", recipe.mx_patterns.join(", ")),
        format!("MX {}, which no pattern matches", strays.join(", ")),
        &source,
    )]
}

/// verify's own dns → ehlo phases, without credentials; its AUTH drift in its own words.
fn ehlo(recipe: &Recipe, i: usize, opts: &RunOptions) -> Vec<Finding> {
    let server = &recipe.smtp[i];
    let source = format!("ehlo {}:{}", server.host, server.port);
    let creds = crate::verify::credentials::Credentials::default();
    let report = phases::run_server(opts, recipe, server, &creds, &|_| {});
    let mut out = Vec::new();
    for check in &report.checks {
        match (check.phase, check.status) {
            (Phase::Ehlo, CheckStatus::Warn) if check.summary.starts_with("AUTH drift") => {
                let offered = offered(&check.evidence);
                let mut f = Finding::drift(
                    format!("smtp[{i}].auth"),
                    compare::mechanism_list(&server.auth),
                    check.summary.clone(),
                    &source,
                );
                if let Some(list) = offered {
                    f = f.replace_with(list);
                }
                out.push(f);
            }
            (Phase::Dns | Phase::Tcp | Phase::Tls | Phase::Ehlo, CheckStatus::Fail) => {
                out.push(Finding::drift(
                    format!("smtp[{i}].host"),
                    format!("{}:{}", server.host, server.port),
                    format!("{} failed: {}", check.phase, check.summary),
                    &source,
                ));
                break;
            }
            _ => {}
        }
    }
    out
}

/// The recipe's `auth` list for what the server offers, when every mechanism is known.
fn offered(evidence: &[String]) -> Option<String> {
    let line = evidence
        .iter()
        .filter_map(|e| e.strip_prefix("capability "))
        .find(|c| c.to_ascii_uppercase().starts_with("AUTH"))?;
    let mut mechs = Vec::new();
    for word in line.split([' ', '=']).skip(1) {
        let m = AuthMechanism::from_name(&word.to_ascii_uppercase())?;
        if !mechs.contains(&m) {
            mechs.push(m);
        }
    }
    Some(compare::mechanism_list(&mechs))
}

fn page(recipe: &Recipe, i: usize, http: &Http) -> Vec<Finding> {
    let url = &recipe.sources[i].url;
    let source = format!("page {url}");
    let path = format!("sources[{i}].url");
    match http.probe(url) {
        Probe::Answering => Vec::new(),
        Probe::Redirected(to) => {
            vec![Finding::drift(path, url, format!("redirected to {to}"), &source).replace_with(to)]
        }
        Probe::Status(code @ (404 | 410)) => {
            vec![Finding::drift(
                path,
                url,
                format!("gone (HTTP {code})"),
                &source,
            )]
        }
        Probe::Status(code) => vec![Finding::unreadable(path, format!("HTTP {code}"), &source)],
        Probe::Failed(why) => vec![Finding::unreadable(path, why, &source)],
    }
}

/// A file's text, refused when bigger than `limit` bytes.
fn read_capped(path: &std::path::Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut text = String::new();
    file.take(limit + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if text.len() as u64 > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    Ok(text)
}
