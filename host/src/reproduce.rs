//! `kiln precompile --check-reproducible`: the package built twice in separate temporary depots,
//! the two images compared byte for byte, section by section, and the image installed only when
//! they are identical.
//!
//! The sections are those of the image's section table (see the guest's `image` module: each
//! section's strings — a contiguous run of the string table, since strings are in first-use order
//! — and its part of the body). The first section whose strings or body differ is the first
//! differing section: every earlier section is identical, strings included, so a difference in a
//! later string index can only come from that section or a later one.

use std::fmt;
use std::fs;
use std::path::Path;

use crate::depot::{Depot, Package, TempFile};
use crate::engine::Runtime;
use crate::precompile::{self, PrecompileReport};
use crate::record::BuildRecord;
use crate::{Config, Error};

/// A section of an image: its name and the byte ranges (file offsets) of its strings and of its
/// part of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The section's name: `header`, `table of contents`, `modules`, …
    pub name: String,
    /// Where the strings it used first are in the string table.
    pub strings: std::ops::Range<usize>,
    /// Where its part of the body is.
    pub body: std::ops::Range<usize>,
}

/// Magic and format version: the part of an image before its string table.
const PREFIX: usize = 12;
/// The checksum at the end.
const CHECKSUM: usize = 32;

/// Reads an image's section table. `None` when the image has none that is well formed (too
/// short, offsets out of bounds or out of order): such an image is compared as a whole.
#[must_use]
pub fn sections(image: &[u8]) -> Option<Vec<Section>> {
    let sealed = image.get(..image.len().checked_sub(CHECKSUM)?)?;
    let (rest, len) = sealed.split_last_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    let table_start = rest.len().checked_sub(len)?;
    let mut t = &rest[table_start..];
    let mut next = |n: usize| -> Option<&[u8]> {
        let (head, tail) = t.split_at_checked(n)?;
        t = tail;
        Some(head)
    };
    let count = next(1)?[0];
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let l = usize::from(next(1)?[0]);
        let name = std::str::from_utf8(next(l)?).ok()?.to_string();
        let mut r = [0usize; 4];
        for x in &mut r {
            *x = usize::try_from(u32::from_le_bytes(next(4)?.try_into().ok()?)).ok()?;
        }
        if r[0] > r[1] || r[2] > r[3] || r[1] > table_start || r[3] > table_start || r[0] < PREFIX {
            return None;
        }
        out.push(Section {
            name,
            strings: r[0]..r[1],
            body: r[2]..r[3],
        });
    }
    t.is_empty().then_some(out)
}

/// Where two images first differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The section that differs first (a section of the section table, or `header` for the magic
    /// and format version, `string table`, `section table` or `checksum` for the rest of the
    /// file; `image` when an image has no readable section table).
    pub section: String,
    /// The offset of the first differing byte within that section's bytes (its strings, then
    /// its body, as in the file), or in the file for the parts outside sections.
    pub offset: usize,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the images differ first in section `{}` (at byte {} of it)",
            self.section, self.offset
        )
    }
}

/// The first difference between images `a` and `b`, or `None` when they are byte-identical.
#[must_use]
pub fn first_difference(a: &[u8], b: &[u8]) -> Option<Difference> {
    if a == b {
        return None;
    }
    let first_byte = |x: &[u8], y: &[u8]| {
        x.iter()
            .zip(y)
            .position(|(p, q)| p != q)
            .unwrap_or(x.len().min(y.len()))
    };
    let whole = |section: &str| Difference {
        section: section.to_string(),
        offset: first_byte(a, b),
    };
    if a.get(..PREFIX) != b.get(..PREFIX) {
        return Some(whole("header"));
    }
    let (Some(sa), Some(sb)) = (sections(a), sections(b)) else {
        return Some(whole("image"));
    };
    for i in 0..sa.len().max(sb.len()) {
        let (Some(x), Some(y)) = (sa.get(i), sb.get(i)) else {
            return Some(whole("section table"));
        };
        if x.name != y.name {
            return Some(whole("section table"));
        }
        let part = |s: &Section, image: &[u8]| -> Vec<u8> {
            let mut v = image[s.strings.clone()].to_vec();
            v.extend_from_slice(&image[s.body.clone()]);
            v
        };
        let (px, py) = (part(x, a), part(y, b));
        if px != py {
            return Some(Difference {
                section: x.name.clone(),
                offset: first_byte(&px, &py),
            });
        }
    }
    // Every section is identical: the difference is in the bytes around them.
    let offset = first_byte(a, b);
    let body_end = sa.last().map_or(PREFIX, |s| s.body.end);
    let section = if sa.first().is_some_and(|s| offset < s.strings.start) {
        "string table"
    } else if offset >= a.len().min(b.len()).saturating_sub(CHECKSUM) {
        "checksum"
    } else if offset >= body_end {
        "section table"
    } else {
        "image"
    };
    Some(Difference {
        section: section.to_string(),
        offset,
    })
}

/// Builds the package in `pkgdir` twice, each time in a fresh temporary depot (so the second
/// build reuses nothing the first produced, dependencies included) with fresh runtime instances,
/// and compares the images of the package and of every dependency built. When all are identical
/// the second build's images are installed as a normal precompile writes them: to `out`, or
/// into the depot with their build records. The report is the second build's, with the
/// installed paths.
///
/// # Errors
///
/// What [`precompile::run`] returns for either build; [`Error::Package`] naming the package and
/// the first differing section when the builds differ (nothing is written then); [`Error::Io`]
/// when a temporary depot cannot be made or an image cannot be read or written.
pub(crate) fn check(
    rt: &Runtime,
    config: &Config,
    pkgdir: &Path,
    out: Option<&Path>,
) -> Result<PrecompileReport, Error> {
    // Refuse a bad -o before spending two builds on it.
    if let Some(path) = out {
        precompile::refuse_to_clobber(path)?;
    }
    let temp = std::env::temp_dir();
    let build = || -> Result<(tempfile::TempDir, PrecompileReport), Error> {
        let dir = tempfile::Builder::new()
            .prefix("kiln-reproduce-")
            .tempdir()
            .map_err(|e| Error::io(&temp, "create", e))?;
        let mut config = config.clone();
        config.depot = dir.path().to_path_buf();
        let report = precompile::run(rt, &config, pkgdir, None)?;
        Ok((dir, report))
    };
    let (_first_depot, first) = build()?;
    let (second_depot, second) = build()?;
    let first_images = images(&first)?;
    let second_images = images(&second)?;
    for (name, a) in &first_images {
        let Some((_, b)) = second_images.iter().find(|(n, _)| n == name) else {
            return Err(Error::package(
                pkgdir,
                format!(
                    "the build is not reproducible: the first build precompiled `{name}`, the second did not; no image was written"
                ),
            ));
        };
        if let Some(d) = first_difference(a, b) {
            return Err(Error::package(
                pkgdir,
                format!(
                    "the build is not reproducible: two builds of `{name}` in separate sandboxes gave different images ({} and {} bytes): {d}; no image was written",
                    a.len(),
                    b.len()
                ),
            ));
        }
    }
    if let Some((name, _)) = second_images
        .iter()
        .find(|(n, _)| !first_images.iter().any(|(m, _)| m == n))
    {
        return Err(Error::package(
            pkgdir,
            format!(
                "the build is not reproducible: the second build precompiled `{name}`, the first did not; no image was written"
            ),
        ));
    }
    let real = precompile::depot_of(config, &Package::open(pkgdir)?);
    let scratch = Depot {
        root: second_depot.path().to_path_buf(),
        ..real.clone()
    };
    install(&scratch, &real, second, out)
}

/// The images a build wrote, the package's last: (package name, bytes).
fn images(report: &PrecompileReport) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut out = Vec::new();
    for dep in &report.dependencies {
        out.extend(images(dep)?);
    }
    let bytes =
        fs::read(&report.image_path).map_err(|e| Error::io(&report.image_path, "read", e))?;
    out.push((report.package.clone(), bytes));
    Ok(out)
}

/// Copies the image sets of `report` (dependencies first) from `scratch` into `real`, the package's
/// own image to `out` when given; returns the report with the paths written.
fn install(
    scratch: &Depot,
    real: &Depot,
    mut report: PrecompileReport,
    out: Option<&Path>,
) -> Result<PrecompileReport, Error> {
    report.dependencies = std::mem::take(&mut report.dependencies)
        .into_iter()
        .map(|dep| install(scratch, real, dep, None))
        .collect::<Result<_, _>>()?;
    let bytes =
        fs::read(&report.image_path).map_err(|e| Error::io(&report.image_path, "read", e))?;
    let dest = match out {
        Some(path) => {
            precompile::refuse_to_clobber(path)?;
            TempFile::write(path, &bytes)?.commit()?;
            path.to_path_buf()
        }
        None => {
            let (name, identity) = (&report.package, &report.source_hash);
            let path = scratch.record_path(name, identity);
            let json = fs::read(&path).map_err(|e| Error::io(&path, "read", e))?;
            let record = BuildRecord::parse(&json)
                .map_err(|e| Error::package(&path, format!("unreadable build record: {e}")))?;
            let dest = real.image_path(name, identity);
            real.commit_image(TempFile::write(&dest, &bytes)?, &record)?;
            dest
        }
    };
    report.image_path = dest;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image with the given sections, each (name, strings, body), laid out as the guest writes
    /// them: prefix, string count, strings, bodies, section table, its length, a checksum.
    fn image(sections: &[(&str, &[u8], &[u8])]) -> Vec<u8> {
        let mut out = b"KILNIMG\0\x04\0\0\0".to_vec();
        out.push(sections.len() as u8);
        let mut ranges = Vec::new();
        for (_, strings, _) in sections {
            let start = out.len();
            out.extend_from_slice(strings);
            ranges.push([start, out.len(), 0, 0]);
        }
        for (i, (_, _, body)) in sections.iter().enumerate() {
            ranges[i][2] = out.len();
            out.extend_from_slice(body);
            ranges[i][3] = out.len();
        }
        let mut table = vec![sections.len() as u8];
        for ((name, _, _), r) in sections.iter().zip(&ranges) {
            table.push(name.len() as u8);
            table.extend_from_slice(name.as_bytes());
            for x in r {
                table.extend_from_slice(&(*x as u32).to_le_bytes());
            }
        }
        out.extend_from_slice(&table);
        out.extend_from_slice(&(table.len() as u32).to_le_bytes());
        out.extend_from_slice(&crate::record::digest(&out));
        out
    }

    const PARTS: [(&str, &[u8], &[u8]); 3] = [
        ("header", b"\x03abc", b"\x00\x01"),
        ("modules", b"", b"\x05\x06\x07"),
        ("methods", b"\x02xy", b"\x08\x09"),
    ];

    #[test]
    fn identical_images_have_no_difference() {
        let a = image(&PARTS);
        assert_eq!(first_difference(&a, &a.clone()), None);
        let names: Vec<String> = sections(&a).unwrap().into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["header", "modules", "methods"]);
    }

    #[test]
    fn the_first_differing_section_is_named() {
        let a = image(&PARTS);
        // A different body byte in `modules`.
        let mut parts = PARTS;
        parts[1].2 = b"\x05\x00\x07";
        let d = first_difference(&a, &image(&parts)).unwrap();
        assert_eq!((d.section.as_str(), d.offset), ("modules", 1));
        // A different string first used by `methods`: earlier sections are identical.
        let mut parts = PARTS;
        parts[2].1 = b"\x02xz";
        let d = first_difference(&a, &image(&parts)).unwrap();
        assert_eq!((d.section.as_str(), d.offset), ("methods", 2));
        // Two differences: the earlier section is named.
        parts[1].2 = b"\x05\x06\x07\x07";
        let d = first_difference(&a, &image(&parts)).unwrap();
        assert_eq!(d.section, "modules");
        assert_eq!(
            d.to_string(),
            "the images differ first in section `modules` (at byte 3 of it)"
        );
    }

    #[test]
    fn differences_outside_sections_are_named_too() {
        let a = image(&PARTS);
        let mut b = a.clone();
        b[8] = 5; // format version
        assert_eq!(first_difference(&a, &b).unwrap().section, "header");
        let mut b = a.clone();
        let n = b.len();
        b[n - 1] ^= 1;
        assert_eq!(first_difference(&a, &b).unwrap().section, "checksum");
        // No readable section table: compared as a whole.
        let d = first_difference(&a, &a[..a.len() - 1]).unwrap();
        assert_eq!(d.section, "image");
        assert_eq!(sections(&a[..40]), None);
        assert_eq!(sections(b"short"), None);
    }
}
