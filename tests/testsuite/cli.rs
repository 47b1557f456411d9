//! The generated helpers for the shell and `man`: `mailbook completions bash` is loaded into
//! a real bash and asked to complete, `mailbook man` is checked for the page's structure and
//! every visible subcommand.

use super::support::Cmd;

fn mailbook(args: &[&str]) -> String {
    let out = Cmd::new().args(args).run();
    out.success();
    assert!(out.stderr.is_empty(), "{args:?} wrote to stderr");
    out.stdout
}

#[test]
fn bash_completions_complete_subcommands_and_flags() {
    let script = mailbook(&["completions", "bash"]);
    assert!(script.contains("complete -F _mailbook"), "{script}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mailbook.bash");
    std::fs::write(&file, &script).unwrap();
    // Load the script into bash and call the completion function as bash would on <Tab>.
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source \"$1\"; COMP_WORDS=({words}); COMP_CWORD={cword}; \
                 _mailbook mailbook {cur} {prev}; printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .arg("bash")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("mailbook ve", 1, "ve", "mailbook"), "verify\n");
    assert_eq!(
        complete("mailbook verify --qu", 2, "--qu", "verify"),
        "--quit-after\n"
    );
    assert_eq!(
        complete("mailbook check --ext", 2, "--ext", "check"),
        "--external\n"
    );
}

#[test]
fn man_page_describes_the_tool_and_its_subcommands() {
    let page = mailbook(&["man"]);
    assert!(page.contains(".TH mailbook 1"), "{page}");
    assert!(page.contains(".SH NAME\nmailbook \\- "), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    assert!(page.contains("\\fB\\-\\-root\\fR"));
    for sub in ["check", "new", "schema", "build", "verify", "serve"] {
        assert!(
            page.contains(&format!("mailbook\\-{sub}(1)")),
            "{sub} missing from the man page"
        );
    }
    assert!(page.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))));
}

/// Output piped into a reader that already went away (`mailbook schema recipe | head`) ends
/// the run quietly with status 0: no panic, no "Broken pipe" message.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    for args in [
        &["schema", "recipe"][..],
        &["check", "--format", "json"][..],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = super::support::mailbook()
            .args(args)
            .current_dir(super::support::repo())
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}
