//! The commands, end to end: build (site or records), search, serve.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use scry::index::{BuildStats, Builder, BuilderConfig};
use scry::query::{Filter, FilterMode, SearchOptions};
use scry::{FieldSpec, TokenizerConfig};

use crate::cli::{BuildArgs, SearchArgs, ServeArgs};
use crate::config::Config;
use crate::console::{bytes, count, duration, printable, thousands, Console};
use crate::html::ExtractOptions;
use crate::output::OutputFolder;
use crate::pipeline::{self, WeightFields};
use crate::records::{Format, Mapping, Reader, RecordsProducer};
use crate::site::{self, SiteProducer};

/// The default preview port.
pub const DEFAULT_PORT: u16 = 1414;

/// What a build made, for the summary and the tests.
#[derive(Debug)]
pub struct Built {
    /// Where the index went.
    pub out: PathBuf,
    /// The builder's figures.
    pub stats: BuildStats,
    /// Files written in all (index and assets).
    pub files: u64,
    /// Bytes written in all.
    pub bytes: u64,
}

/// The scry.toml a build reads, if any.
pub fn config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from("scry.toml")).filter(|p| p.is_file()),
    }
}

fn load_config(explicit: Option<&Path>, console: &Console) -> Result<Config> {
    match explicit {
        Some(p) => Config::load(p),
        None => {
            let p = Path::new("scry.toml");
            if p.is_file() {
                console.info("Using ./scry.toml");
                Config::load(p)
            } else {
                Ok(Config::default())
            }
        }
    }
}

fn builder_config(
    config: &Config,
    language: String,
    fields: Vec<FieldSpec>,
    spill: PathBuf,
) -> BuilderConfig {
    let mut bc = BuilderConfig {
        tokenizer: TokenizerConfig {
            language,
            extra_word_chars: config.extra_word_chars.clone(),
        },
        fields,
        spill_dir: Some(spill),
        ..BuilderConfig::default()
    };
    if let Some(k) = config.index.shard_kib {
        bc.shard_target_bytes = k.max(1) * 1024;
    }
    if let Some(k) = config.index.bundle_kib {
        bc.bundle_target_bytes = k.max(1) * 1024;
    }
    if let Some(k) = config.index.dictionary_kib {
        bc.dictionary_bytes = k.min(32) * 1024;
    }
    if let Some(m) = config.index.memory_mb {
        bc.memory_budget_bytes = m.max(16) << 20;
    }
    bc
}

fn default_fields(config: &Config) -> Vec<FieldSpec> {
    vec![
        FieldSpec::new("title", config.weight("title", 6.0)),
        FieldSpec::new("heading", config.weight("heading", 3.0)),
        FieldSpec::new("body", config.weight("body", 1.0)),
    ]
}

/// `scry --site DIR` / `--records FILE`, then `--serve` (`--watch` is [`crate::watch::run`], which
/// builds with [`build_once`]). Returns `None` when nothing usable was built (the previous output is
/// kept).
pub fn build(args: &BuildArgs, console: &Arc<Console>) -> Result<Option<Built>> {
    let built = build_once(args, console)?;
    if args.serve && built.is_some() {
        serve_folder(&serve_root(args)?, args.port, console)?;
    }
    Ok(built)
}

/// The folder `--serve` serves: the site, or with `--records` the output.
pub fn serve_root(args: &BuildArgs) -> Result<PathBuf> {
    match (&args.site, &args.out) {
        (Some(site), _) => Ok(site.clone()),
        (None, Some(out)) => Ok(out.clone()),
        (None, None) => bail!("--records needs --out DIR: where to write the index"),
    }
}

/// One build (scry.toml read again), without serving.
pub fn build_once(args: &BuildArgs, console: &Arc<Console>) -> Result<Option<Built>> {
    let config = load_config(args.config.as_deref(), console)?;
    build_with(args, &config, console)
}

/// A build with its configuration already read (`args.config` is not looked at): the command line
/// and `scry service` (the Node and Python APIs) both end here.
pub fn build_with(
    args: &BuildArgs,
    config: &Config,
    console: &Arc<Console>,
) -> Result<Option<Built>> {
    let start = Instant::now();
    if let Some(jobs) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let out = output_folder(args)?;
    let mut output = OutputFolder::begin(&out)?;
    let spill = output.temp_path().join(".spill");
    std::fs::create_dir_all(&spill)?;

    let (builder, documents, unit) = match (&args.site, &args.records) {
        (Some(site), _) => build_site(site, &out, config, spill, console)?,
        (None, Some(records)) => build_records(records, config, spill.clone(), console)?,
        (None, None) => unreachable!(),
    };
    if documents == 0 {
        if console.warnings().0 > 0 {
            console.info(
                "Nothing to index: no page or record could be used (see the warnings above).",
            );
        } else {
            console.info("Nothing to index: the input holds no page or record.");
        }
        if out.join(crate::output::MANIFEST).is_file() {
            console.info(format!(
                "The previous index in {} is left as it was.",
                out.display()
            ));
        }
        return Ok(None);
    }
    let finishing = Instant::now();
    console.status("merging postings, compressing and writing the index files…");
    let mut write_error = None;
    let stats = builder.finish(&mut |name, data| {
        output.write(name, data).inspect_err(|e| {
            write_error.get_or_insert_with(|| e.to_string());
        })
    });
    let stats = match stats {
        Ok(s) => s,
        Err(e) => match write_error {
            Some(w) => bail!(
                "cannot write the index into {}: {w}",
                output.temp_path().display()
            ),
            None => return Err(e).context("building the index failed"),
        },
    };
    console.detail(format!(
        "writing the index files took {}",
        duration(finishing.elapsed().as_secs_f64())
    ));
    let _ = std::fs::remove_dir_all(output.temp_path().join(".spill"));
    let index_files = output.files;
    let index_bytes = output.bytes;
    output.write_assets()?;
    let (files, total_bytes) = (output.files, output.bytes);
    output.commit()?;

    let secs = start.elapsed().as_secs_f64();
    let (warnings, kinds) = console.warnings();
    let (one, many) = unit;
    console.info(format!(
        "Indexed {} in {} ({} {many}/s): {}, {}, {} → {} ({}; {} with the browser assets) in {}",
        count(stats.documents, one, many),
        duration(secs),
        thousands((stats.documents as f64 / secs.max(0.001)) as u64),
        count(stats.terms, "term", "terms"),
        count(stats.shards, "shard", "shards"),
        count(stats.bundles, "bundle", "bundles"),
        count(index_files, "index file", "index files"),
        bytes(index_bytes),
        bytes(total_bytes),
        out.display(),
    ));
    if stats.spilled_runs > 0 {
        console.detail(format!(
            "postings spilled to disk in {} sorted runs",
            stats.spilled_runs
        ));
    }
    if warnings > 0 {
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        console.info(format!(
            "{} warnings ({}): the rest was indexed",
            thousands(warnings),
            list.join(", ")
        ));
    }
    Ok(Some(Built {
        out,
        stats,
        files,
        bytes: total_bytes,
    }))
}

/// Where the index goes.
pub fn output_folder(args: &BuildArgs) -> Result<PathBuf> {
    match (&args.site, &args.records) {
        (Some(site), _) => Ok(args.out.clone().unwrap_or_else(|| site.join("scry"))),
        (None, Some(_)) => args
            .out
            .clone()
            .context("--records needs --out DIR: where to write the index"),
        (None, None) => bail!("give --site DIR or --records FILE"),
    }
}

fn build_site(
    root: &Path,
    out: &Path,
    config: &Config,
    spill: PathBuf,
    console: &Arc<Console>,
) -> Result<(Builder, u64, (&'static str, &'static str))> {
    let out_abs = std::path::absolute(out).unwrap_or(out.to_path_buf());
    let root_abs = std::path::absolute(root).unwrap_or(root.to_path_buf());
    if root_abs.starts_with(&out_abs) {
        bail!(
            "the output folder {} must not contain the site {}",
            out.display(),
            root.display()
        );
    }
    let scan = Instant::now();
    let pages = site::find_pages(root, &config.site, &[out.to_path_buf()], console)?;
    if pages.is_empty() {
        bail!(
            "no pages found under {} (include: {:?}{})",
            root.display(),
            config.site.include,
            if config.site.exclude.is_empty() {
                String::new()
            } else {
                format!(", exclude: {:?}", config.site.exclude)
            }
        );
    }
    let needs_prescan = config.language.is_none() || config.site.strip_title_suffix;
    let prescan = needs_prescan.then(|| site::Prescan::run(root, &pages));
    let (language, how) = match (&config.language, &prescan) {
        (Some(l), _) => (l.clone(), "from scry.toml".to_string()),
        (None, Some(p)) => p.language(root, &pages),
        (None, None) => unreachable!("the prescan runs when no language is set"),
    };
    let title_suffixes = match (&prescan, config.site.strip_title_suffix) {
        (Some(p), true) => p.title_suffixes(),
        _ => Vec::new(),
    };
    if !title_suffixes.is_empty() {
        console.detail(format!(
            "removing from titles: {title_suffixes:?} (strip_title_suffix = false keeps them)"
        ));
    }
    console.info(format!(
        "Indexing {} from {} ({})",
        count(pages.len() as u64, "page", "pages"),
        root.display(),
        if language.is_empty() {
            format!("no stemming: {how}; set language in scry.toml")
        } else {
            format!("language: {language}, {how}")
        }
    ));
    console.detail(format!(
        "found the pages in {}",
        duration(scan.elapsed().as_secs_f64())
    ));
    let fields = default_fields(config);
    let existing = fields.len();
    let mut builder = Builder::new(builder_config(config, language, fields, spill))?;
    let progress = console.progress("pages", Some(pages.len() as u64));
    let producer = SiteProducer {
        root,
        pages: &pages,
        extract: ExtractOptions {
            ignore: config.site.ignore.clone(),
            max_text_bytes: config.site.max_page_kib.max(1) * 1024,
        },
        url_prefix: config.site.base_url.clone(),
        title_suffixes,
        preparer: builder.preparer(),
        weights: WeightFields::new(existing, scry::index::MAX_FIELDS),
        console,
        progress: &progress,
    };
    let mut stats = None;
    let added = pipeline::feed(&mut builder, existing as u8, |send| {
        stats = Some(producer.run(send)?);
        Ok(())
    })?;
    drop(progress);
    if let Some(s) = stats {
        let mut skipped = Vec::new();
        if s.redirects > 0 {
            skipped.push(count(s.redirects, "redirect page", "redirect pages"));
        }
        if s.noindex > 0 {
            skipped.push(format!(
                "{} marked noindex",
                count(s.noindex, "page", "pages")
            ));
        }
        if !skipped.is_empty() {
            console.info(format!("Skipped {}", skipped.join(" and ")));
        }
    }
    Ok((builder, added, ("page", "pages")))
}

fn build_records(
    path: &Path,
    config: &Config,
    spill: PathBuf,
    console: &Arc<Console>,
) -> Result<(Builder, u64, (&'static str, &'static str))> {
    let format = Format::detect(path)?;
    let cap = config
        .records
        .max_record_kib
        .map_or(crate::records::DEFAULT_TEXT_CAP, |k| k << 10);
    let mut reader = Reader::open(path, format, config.records.list_separator.clone(), cap)?;
    for note in std::mem::take(&mut reader.notes) {
        console.warn("record", &path.display().to_string(), note);
    }
    let first = reader.chunk(pipeline::RECORD_CHUNK)?;
    if first.is_empty() {
        bail!("{} holds no records", path.display());
    }
    let mut mapping = match Mapping::resolve(&config.records, &first) {
        Ok(m) => m,
        Err(e) => {
            // Name the records that could not be read: they are usually why.
            for r in &first {
                if let Err(why) = &r.fields {
                    console.warn("record", &format!("{}:{}", path.display(), r.line), why);
                }
            }
            return Err(e).with_context(|| format!("mapping the fields of {}", path.display()));
        }
    };
    let fields = mapping.fields(config);
    let language = config.language.clone().unwrap_or_default();
    console.info(format!(
        "Indexing records from {} ({format:?}; language: {})",
        path.display(),
        if language.is_empty() {
            "none — set language in scry.toml for stemming"
        } else {
            &language
        }
    ));
    console.info(format!("  fields: {}", mapping.describe()));
    if !mapping.guessed.is_empty() {
        console.info(format!(
            "  guessed (set them under [records] in scry.toml): {}",
            mapping.guessed.join("; ")
        ));
    }
    let mut builder = Builder::new(builder_config(config, language, fields.clone(), spill))?;
    let progress = console.progress("records", None);
    let producer = RecordsProducer {
        path: path.to_path_buf(),
        reader,
        first,
        mapping: &mapping,
        preparer: builder.preparer(),
        console,
        progress: &progress,
    };
    let mut stats = None;
    let added = pipeline::feed(&mut builder, fields.len() as u8, |send| {
        stats = Some(producer.run(send)?);
        Ok(())
    })?;
    drop(progress);
    if let Some(s) = stats {
        console.detail(format!("{} records read, {} skipped", s.records, s.failed));
    }
    Ok((builder, added, ("record", "records")))
}

/// `scry serve DIR` and `--serve`.
pub fn serve_folder(root: &Path, port: Option<u16>, console: &Console) -> Result<()> {
    if !root.is_dir() {
        bail!("{} is not a folder", root.display());
    }
    let listener = crate::serve::bind(port.unwrap_or(DEFAULT_PORT), port.is_none())?;
    let addr = listener.local_addr()?;
    // Always printed (even with --quiet): the address is the point of the command.
    eprintln!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );
    if root.join("scry").join(crate::output::MANIFEST).is_file() {
        console.info(format!("  the index is at http://{addr}/scry/"));
    }
    crate::serve::serve(root, listener)
}

/// `scry serve`.
pub fn serve(args: &ServeArgs, console: &Console) -> Result<()> {
    serve_folder(&args.dir, args.port, console)
}

/// `scry search`.
pub fn search(args: &SearchArgs) -> Result<bool> {
    let mut index = scry::DirIndex::open(&args.index)
        .with_context(|| format!("cannot open the index in {}", args.index.display()))?;
    let query = args.query.join(" ");
    let mut filters: Vec<Filter> = Vec::new();
    for f in &args.filter {
        let (key, value) = f
            .split_once(':')
            .with_context(|| format!("--filter {f:?}: expected KEY:VALUE"))?;
        let (mode, value) = match value.strip_prefix('-') {
            Some(v) => (FilterMode::None, v),
            None => (FilterMode::Any, value),
        };
        match filters
            .iter_mut()
            .find(|x| x.facet == key && x.mode == mode)
        {
            Some(x) => x.values.push(value.to_string()),
            None => filters.push(Filter {
                facet: key.to_string(),
                mode,
                values: vec![value.to_string()],
            }),
        }
    }
    let options = SearchOptions {
        limit: args.limit,
        filters,
        sort: args.sort.clone(),
        ..SearchOptions::default()
    };
    let results = index.search(&query, &options)?;
    // Written at the end in one go: a closed pipe (`| head -1`) ends the output quietly.
    let mut out = String::new();
    macro_rules! outln {
        ($out:ident) => { $out.push('\n') };
        ($out:ident, $($arg:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!($out, $($arg)*);
        }};
    }
    let mut rows = Vec::new();
    for hit in &results.hits {
        let view = index.document(hit.doc, &query)?;
        rows.push((hit.score, view));
    }
    if args.json {
        let results_json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(score, v)| serde_json::json!({"url": v.url, "title": v.title, "score": score, "excerpt": v.excerpt}))
            .collect();
        outln!(
            out,
            "{}",
            serde_json::json!({"results": results_json, "total": results.total})
        );
        return emit(&out);
    }
    if rows.is_empty() && results.total > 0 {
        outln!(
            out,
            "{} results for {query:?} (none shown: --limit {})",
            thousands(results.total as u64),
            args.limit
        );
        return emit(&out);
    }
    if rows.is_empty() {
        outln!(out, "No results for {query:?}.");
        if let Some(d) = &results.did_you_mean {
            outln!(out, "Did you mean {d:?}?");
        }
        return emit(&out);
    }
    outln!(
        out,
        "{} of {} results for {query:?}{}",
        rows.len(),
        thousands(results.total as u64),
        if results.partial {
            " (no page has every word: showing the best partial matches)"
        } else {
            ""
        }
    );
    if let Some(d) = &results.did_you_mean {
        outln!(out, "Did you mean {d:?}?");
    }
    let tty = std::io::IsTerminal::is_terminal(&std::io::stdout());
    for (i, (score, v)) in rows.iter().enumerate() {
        outln!(out);
        outln!(
            out,
            "{:>2}. {}  [{score:.2}]",
            i + 1,
            mark(&v.title, &v.title_matches, tty)
        );
        outln!(out, "    {}", printable(&v.url));
        if !v.excerpt.is_empty() {
            outln!(out, "    {}", mark(&v.excerpt, &v.matches, tty));
        }
        for sub in &v.sub {
            outln!(
                out,
                "      › {} — {}",
                printable(&sub.title),
                printable(&sub.url)
            );
        }
    }
    emit(&out)
}

/// Writes the search output; a closed pipe is not an error.
fn emit(out: &str) -> Result<bool> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(true),
    }
}

/// Matches in bold on a terminal (byte ranges from the engine); plain text otherwise.
fn mark(text: &str, ranges: &[(usize, usize)], tty: bool) -> String {
    if !tty || ranges.is_empty() {
        return printable(text).into_owned();
    }
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &(start, end) in ranges {
        let ok = start >= at
            && start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !ok {
            continue;
        }
        out.push_str(&printable(&text[at..start]));
        out.push_str("\x1b[1m");
        out.push_str(&printable(&text[start..end]));
        out.push_str("\x1b[0m");
        at = end;
    }
    out.push_str(&printable(&text[at..]));
    out
}
