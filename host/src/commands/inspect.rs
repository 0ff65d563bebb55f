//! `kiln inspect [--json] IMAGE`: shows what a package image holds.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use kiln::ImageSummary;
use serde_json::json;

/// Show what a package image holds: its modules, methods, method instances and dependencies
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// The image (a .kimg file)
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
}

/// Describes the image as text or as JSON (keys in a fixed order).
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = read_image(&args.image)?;
    let kiln = super::kiln(kiln::Config::from_env())?;
    let summary = match kiln.inspect(&bytes) {
        Ok(s) => s,
        Err(kiln::Error::Julia(d)) => {
            anyhow::bail!(
                "`{}` is not a usable package image: {}",
                args.image.display(),
                d.message
            )
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        super::print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&summary))?
        ))?;
    } else {
        super::print_out(&to_text(&summary))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON form; `serde_json` keeps object keys sorted, so the output is stable.
pub fn to_json(s: &ImageSummary) -> serde_json::Value {
    json!({
        "format_version": s.format_version,
        "runtime_version": s.runtime_version,
        "package": s.package,
        "source_hash": s.source_hash,
        "dependencies": s.dependencies.iter().map(|(name, hash)| json!({"name": name, "hash": hash})).collect::<Vec<_>>(),
        "bindings": s.bindings,
        "methods": s.methods,
        "method_instances": s.method_instances.iter().map(|mi| json!({
            "name": mi.name,
            "method": mi.method,
            "owner": mi.owner,
            "edges": mi.edges,
            "rettype": mi.rettype,
        })).collect::<Vec<_>>(),
    })
}

/// The text form.
pub fn to_text(s: &ImageSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "package image of {}", s.package);
    let _ = writeln!(out, "  format version:  {}", s.format_version);
    let _ = writeln!(out, "  runtime version: {}", s.runtime_version);
    let _ = writeln!(out, "  source hash:     {}", s.source_hash);
    let _ = writeln!(out, "dependencies ({}):", s.dependencies.len());
    for (name, hash) in &s.dependencies {
        let _ = writeln!(out, "  {name} {hash}");
    }
    let _ = writeln!(out, "bindings ({}):", s.bindings.len());
    for b in &s.bindings {
        let _ = writeln!(out, "  {b}");
    }
    let _ = writeln!(out, "methods: {}", s.methods);
    let _ = writeln!(out, "method instances ({}):", s.method_instances.len());
    for mi in &s.method_instances {
        let _ = writeln!(out, "  {} -> {}", mi.name, mi.rettype);
        let _ = writeln!(out, "    method: {}", mi.method);
        let _ = writeln!(out, "    owner:  {}", mi.owner);
        for edge in &mi.edges {
            let _ = writeln!(out, "    edge:   {edge}");
        }
    }
    out
}

/// Largest file `kiln inspect` reads: package images are far smaller.
const MAX_IMAGE_BYTES: u64 = 1 << 30;

/// Reads a regular file of at most [`MAX_IMAGE_BYTES`] (not a device, a FIFO or a directory).
fn read_image(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!("`{}` is not a regular file", path.display());
    }
    if meta.len() > MAX_IMAGE_BYTES {
        anyhow::bail!(
            "`{}` is too large to be a package image ({} bytes)",
            path.display(),
            meta.len()
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))
}
