//! The bundle as a ZIP archive, written by rawzip with deflate from miniz_oxide (shared with share
//! links). Fixed timestamps, the files' own order and fixed permissions make the archive a pure
//! function of its files: the same bytes natively and in the browser, so tests can compare bytes.

use super::GeneratedFile;
use rawzip::time::UtcDateTime;
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchiveWriter};

/// 1980-01-01 00:00:00 UTC, the earliest date a ZIP (MS-DOS) timestamp can hold.
const EPOCH_1980: i64 = 315_532_800;

/// Level 9: a bundle is tens of KB, so the best compression costs little time.
const DEFLATE_LEVEL: u8 = 9;

/// The zip format's CRC-32 (ISO-HDLC), with one 256-entry table: rawzip's own keeps sixteen, 16 KB of
/// incompressible data in the wasm, to hash files of a few KB faster.
const CRC32: crc::Crc<u32, crc::Table<1>> = crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

/// Scripts unpack executable; everything else read-only for others.
fn unix_mode(path: &str) -> u32 {
    if path.ends_with(".sh") || path.ends_with(".ps1") {
        0o100755
    } else {
        0o100644
    }
}

/// The files as a ZIP archive, in the given order.
pub fn zip(files: &[GeneratedFile]) -> Vec<u8> {
    // Writing to a Vec cannot fail, and a bundle is far below every ZIP limit; should the library
    // ever refuse, an empty download is the visible failure rather than a panic in the page.
    write(files).unwrap_or_default()
}

fn write(files: &[GeneratedFile]) -> Result<Vec<u8>, rawzip::Error> {
    let mut out = Vec::new();
    let mut archive = ZipArchiveWriter::new(&mut out);
    for f in files {
        let raw = f.contents.as_bytes();
        let packed = miniz_oxide::deflate::compress_to_vec(raw, DEFLATE_LEVEL);
        // Deflate never helps an empty or tiny file; those are stored as they are.
        let (method, data) = if packed.len() < raw.len() {
            (CompressionMethod::DEFLATE, &packed[..])
        } else {
            (CompressionMethod::STORE, raw)
        };
        let (mut entry, _) = archive
            .new_file(f.path.as_str())
            .compression_method(method)
            .last_modified(UtcDateTime::from_unix(EPOCH_1980))
            .unix_permissions(unix_mode(&f.path))
            .start()?;
        std::io::Write::write_all(&mut entry, data)?;
        entry.finish(DataDescriptorOutput::new(CRC32.checksum(raw), raw.len() as u64))?;
    }
    archive.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_archive_is_just_the_end_record() {
        let z = zip(&[]);
        assert_eq!(z.len(), 22);
        assert_eq!(&z[..4], b"PK\x05\x06");
    }
}
