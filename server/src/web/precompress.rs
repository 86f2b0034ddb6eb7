//! Brotli and gzip siblings of every compressible file in `dist/`, made at startup so `ServeDir`
//! can send them without compressing per request.
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Extensions worth compressing; images other than SVG are already compressed.
const COMPRESSIBLE: [&str; 8] = [
    "html",
    "js",
    "mjs",
    "wasm",
    "css",
    "json",
    "svg",
    "webmanifest",
];

/// Files smaller than this are sent as they are: the headers would outweigh the saving.
const MIN_SIZE: u64 = 256;

/// What precompression did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub written: usize,
    pub up_to_date: usize,
    pub failed: usize,
}

/// Writes `.br` and `.gz` beside each compressible file under `dir` when missing or older than
/// the file. Failures (e.g. a read-only `dist/`) are logged: the files are then sent uncompressed.
pub fn precompress_dir(dir: &Path) -> Summary {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut files = Vec::new();
    collect(dir, &mut files);
    for file in files {
        for (ext, compress) in [
            ("br", brotli_file as Compressor),
            ("gz", gzip_file as Compressor),
        ] {
            let target = sibling(&file, ext);
            if is_fresh(&file, &target) {
                summary.up_to_date += 1;
                continue;
            }
            match write_atomically(&file, &target, compress) {
                Ok(()) => summary.written += 1,
                Err(e) => {
                    summary.failed += 1;
                    tracing::warn!(file = %file.display(), error = %e, "could not precompress");
                }
            }
        }
    }
    tracing::info!(
        dir = %dir.display(),
        written = summary.written,
        up_to_date = summary.up_to_date,
        failed = summary.failed,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "precompressed static files"
    );
    summary
}

type Compressor = fn(&[u8], &mut dyn Write) -> io::Result<()>;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(&path, out);
        } else if meta.len() >= MIN_SIZE
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}

fn sibling(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn is_fresh(file: &Path, target: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(file), modified(target)) {
        (Some(src), Some(dst)) => dst >= src,
        _ => false,
    }
}

/// Compresses into a temporary file and renames it, so a half-written file is never served.
fn write_atomically(file: &Path, target: &Path, compress: Compressor) -> io::Result<()> {
    let input = fs::read(file)?;
    let tmp = sibling(target, "tmp");
    let result = (|| {
        let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
        compress(&input, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn brotli_file(input: &[u8], out: &mut dyn Write) -> io::Result<()> {
    // Quality 11 takes about a second per MB: fine for a release build's few hundred KB, too
    // slow for a multi-megabyte debug build, which gets a quick pass instead.
    let quality = if input.len() > 2 * 1024 * 1024 { 5 } else { 11 };
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    let mut reader = input;
    let mut out = out;
    brotli::BrotliCompress(&mut reader, &mut out, &params)?;
    Ok(())
}

fn gzip_file(input: &[u8], out: &mut dyn Write) -> io::Result<()> {
    let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::best());
    encoder.write_all(input)?;
    encoder.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressible_files_get_fresh_siblings_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let js = "console.log('chen village');\n".repeat(50);
        fs::write(dir.path().join("app.js"), &js).unwrap();
        fs::write(dir.path().join("photo.png"), vec![7u8; 4096]).unwrap();
        fs::write(dir.path().join("tiny.json"), "[]").unwrap();
        let first = precompress_dir(dir.path());
        assert_eq!(first.written, 2);
        let br = fs::read(dir.path().join("app.js.br")).unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut plain).unwrap();
        assert_eq!(plain, js.as_bytes());
        assert!(!dir.path().join("photo.png.br").exists());
        assert!(!dir.path().join("tiny.json.gz").exists());
        let second = precompress_dir(dir.path());
        assert_eq!((second.written, second.up_to_date), (0, 2));
    }
}
