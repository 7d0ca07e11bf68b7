//! The command line: what a person types, and the help that teaches it.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

const ABOUT: &str = "Builds a scry search index for a static site or a file of records.";

const LONG_ABOUT: &str = "\
Builds a scry search index into one folder that any static host can serve: the index files
(small, compressed, content-named) plus the browser side (scry.js, scry-api.js,
scry-highlight.js, the worker, the wasm and the widget's CSS). Search then runs in the visitor's browser, fetching
only the parts of the index a query needs.

  A site:     scry --site public/                  writes public/scry/
  Records:    scry --records cases.jsonl --config scry.toml --out public/scry/
  Try it:     scry search --index public/scry/ vacuum full -verbose
  Preview:    scry --site public/ --serve          then open http://127.0.0.1:1414/
  Live:       scry --site public/ --serve --watch  rebuilds the index when public/ changes

Then add two lines to your pages:

  <script type=\"module\" src=\"/scry/scry.js\"></script>
  <scry-search></scry-search>

The src is the URL of scry.js as your pages see it: /docs/scry/scry.js for a site served
under /docs/ (set base_url = \"/docs/\" in [site] too), or relative to the page (scry/scry.js,
../scry/scry.js). Everything else is found next to scry.js; base=\"URL\" on <scry-search>
points at an index kept elsewhere. theme=\"auto\" (the default) follows the page's dark class
or color-scheme, then the system; theme=\"light\" or \"dark\" fixes it.

A worked example, a MkDocs site served from https://example.org/manual/:

  mkdocs build                            writes site/
  scry --site site/                       writes site/scry/ (404.html and the like left out)
  scry search --index site/scry/ install plugin -deprecated
                                          the best pages with both words and not the third
  scry --site site/ --serve               the widget on http://127.0.0.1:1414/, as visitors
                                          will see it (with base_url = \"/manual/\" in scry.toml,
                                          result links point under /manual/)

or build your own interface on the JS API alone: import { open } from \"/scry/scry-api.js\".

Pages are read as a person reads them: the <title> (or first <h1>) is the title; headings with an
id become sections that results link to; nav, header, footer, scripts, forms and the like are left
out. Mark up pages to say more:

  data-scry-body           index only this part of the page (else <main>, else <body>)
  data-scry-ignore         leave this element out
  data-scry-filter=\"k:v\"   a filter value (\"k\" alone: the element's text; \"k[attr]\": an attribute)
  data-scry-meta=\"k:v\"     a stored value returned with results (same forms)
  data-scry-sort=\"k:v\"     a sort key (same forms)
  data-scry-weight=\"2\"     matches in this element count twice as much

The index has one language (it picks the stemmer): the most common <html lang>, or set it in
scry.toml. A build never leaves a half-written folder: it writes next to the output and swaps the
new folder in at the end, so the previous index keeps working until then.

Exit status: 0 when an index was written (warnings about single pages or records do not fail the
build), 1 when nothing usable was built, 2 for a usage error.";

const AFTER_LONG_HELP: &str = "\
CONFIGURATION
  --config FILE, else ./scry.toml when it exists. All keys are optional:

";

/// `scry`.
#[derive(Debug, Parser)]
#[command(
    name = "scry",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = "Examples: scry --site public/   ·   scry --records data.jsonl --out public/scry\n`scry --help` explains more, with the scry.toml reference.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// What to do besides building.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Build options.
    #[command(flatten)]
    pub build: BuildArgs,
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more: every warning, settings, timings; progress lines even when not on a terminal.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// Building an index.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").required(true).args(["site", "records"])))]
pub struct BuildArgs {
    /// Index every HTML page under DIR (the built site: what the web server serves).
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Index the records of FILE: JSON Lines (.jsonl), a JSON array (.json), or CSV/TSV with a header
    /// row; fields are mapped by [records] in scry.toml.
    // The doc comment is the `--help` text, where "[records]" is the TOML table, not a doc link.
    #[allow(rustdoc::broken_intra_doc_links)]
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// Where to write the index [default with --site: DIR/scry; required with --records].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The scry.toml to use [default: ./scry.toml when it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// After building, serve the site folder (or, with --records, the output) on 127.0.0.1.
    #[arg(long)]
    pub serve: bool,
    /// Port for --serve [default: 1414, or the next free one].
    #[arg(long, value_name = "N", requires = "serve")]
    pub port: Option<u16>,
    /// Keep running and rebuild when the site (or the records file, or scry.toml) changes; with
    /// --serve, `hugo --watch` or `eleventy --watch` alongside gives live search while you write.
    /// The index's own output folder is not watched; a failed rebuild keeps the last index.
    #[arg(long)]
    pub watch: bool,
    /// Worker threads for reading and tokenizing [default: one per core].
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search an index folder from the command line, as the browser would.
    #[command(
        after_help = "Examples:\n  scry search --index public/scry floating point -decimal\n  scry search --index public/scry --filter topic:Health --limit 5 \"vacuum full\" -lock\n\nEverything after the options is the query, -words included (\"--\" is not needed)."
    )]
    Search(SearchArgs),
    /// Serve a folder on 127.0.0.1 (index.html for folders, the right Content-Type for .wasm and .js).
    Serve(ServeArgs),
    /// The Node and Python APIs' channel: JSON requests on stdin, one JSON reply per line on stdout.
    #[command(hide = true)]
    Service,
}

/// `scry search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The index folder (the one holding manifest.bin).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Print {"results":[{"url","title","score","excerpt"}…],"total":N}.
    #[arg(long)]
    pub json: bool,
    /// Results to print.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Keep results whose facet has this value (repeat for more; values of one facet combine with
    /// "or", different facets with "and"; "key:-value" excludes).
    #[arg(long, value_name = "KEY:VALUE")]
    pub filter: Vec<String>,
    /// Sort by a declared sort key instead of relevance ("-key" for descending).
    #[arg(long, value_name = "KEY")]
    pub sort: Option<String>,
    /// The query: words (the last one may be a prefix), "quoted phrases", -excluded. Everything
    /// after the options is the query, so -words need no "--" before them.
    #[arg(
        required = true,
        value_name = "QUERY",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub query: Vec<String>,
}

/// `scry serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder to serve.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Port [default: 1414, or the next free one; 0 picks any free port].
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
}

/// The heading clap prints at the end of `--help`; the scry.toml reference follows it, printed by
/// `main` ([`reference()`]) outside clap, whose wrapping (at the terminal's width, or 100 columns in a
/// pipe) would break its lines into invalid TOML.
pub fn after_long_help() -> &'static str {
    AFTER_LONG_HELP.trim_end()
}

/// Whether a help request's text is the long help that ends with the configuration heading.
pub fn wants_reference(help: &str) -> bool {
    help.trim_end().ends_with(AFTER_LONG_HELP.trim_end())
}

/// The scry.toml reference, indented, each line as written.
pub fn reference() -> String {
    let mut s = String::new();
    for line in crate::config::REFERENCE.lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn forms_parse() {
        let c = Cli::try_parse_from(["scry", "--site", "public"]).unwrap();
        assert_eq!(c.build.site, Some(PathBuf::from("public")));
        let c = Cli::try_parse_from([
            "scry",
            "--records",
            "a.jsonl",
            "--config",
            "s.toml",
            "--out",
            "o",
        ])
        .unwrap();
        assert!(c.build.records.is_some());
        let c = Cli::try_parse_from([
            "scry", "search", "--index", "o", "--json", "--limit", "3", "--filter", "a:b", "x", "y",
        ])
        .unwrap();
        match c.command {
            Some(Command::Search(s)) => {
                assert_eq!(s.query, vec!["x", "y"]);
                assert_eq!(s.filter, vec!["a:b"]);
            }
            _ => panic!(),
        }
        // -words are query words, first or not, without "--".
        for (args, want) in [
            (
                &["floating", "point", "-decimal"][..],
                &["floating", "point", "-decimal"][..],
            ),
            (&["-decimal", "floating"], &["-decimal", "floating"]),
            (&["--", "-x"], &["-x"]),
            (&["a", "--limit", "3"], &["a", "--limit", "3"]),
        ] {
            let argv = ["scry", "search", "--index", "o"].iter().chain(args);
            match Cli::try_parse_from(argv).map(|c| c.command) {
                Ok(Some(Command::Search(s))) => assert_eq!(s.query, want, "{args:?}"),
                other => panic!("{args:?}: {other:?}"),
            }
        }
        assert!(Cli::try_parse_from(["scry", "serve", "dir", "--port", "0"]).is_ok());
        assert!(Cli::try_parse_from(["scry", "--site", "a", "--serve", "--port", "9"]).is_ok());
        let c = Cli::try_parse_from(["scry", "--site", "a", "--serve", "--watch"]).unwrap();
        assert!(c.build.watch && c.build.serve);
        assert!(Cli::try_parse_from(["scry"]).is_err());
        assert!(Cli::try_parse_from(["scry", "--site", "a", "--records", "b"]).is_err());
    }
}
