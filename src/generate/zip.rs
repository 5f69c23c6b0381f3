//! A minimal ZIP writer: deflated entries (stored when deflate would not shrink them), fixed
//! timestamps, Unix permissions. Deflate is the crate's own (`crate::deflate`), shared with share
//! links; it and the fixed timestamps make the archive a pure function of its files, so tests can
//! compare bytes.

use super::GeneratedFile;

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum ZIP requires. The table is
/// built per call, not stored: 2,048 steps cost nothing next to a zip, while a stored table is 1 KB of
/// incompressible bytes on every page load.
pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in (0u32..).zip(table.iter_mut()) {
        *slot = (0..8).fold(i, |c, _| if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 });
    }
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// 1980-01-01 00:00:00, the earliest MS-DOS date, so every build of the same files is byte-identical.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
/// Bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// "Version made by": 3 = Unix (so the permission bits below are honoured), spec version 2.0.
const MADE_BY_UNIX: u16 = (3 << 8) | 20;
const VERSION_NEEDED: u16 = 20;

/// Scripts unpack executable; everything else read-only for others.
fn unix_mode(path: &str) -> u32 {
    if path.ends_with(".sh") || path.ends_with(".ps1") {
        0o100755
    } else {
        0o100644
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Values past the 32-bit ZIP limits would need ZIP64; a wizard bundle is nowhere near, so clamp
/// rather than fail (the archive would then be rejected by readers, never silently truncated data).
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn u16_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The files as a ZIP archive, in the given order.
pub fn zip(files: &[GeneratedFile]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for f in files {
        let name = f.path.as_bytes();
        let raw = f.contents.as_bytes();
        let crc = crc32(raw);
        let packed = crate::deflate::compress(raw);
        let (method, data) = if packed.len() < raw.len() {
            (METHOD_DEFLATE, &packed[..])
        } else {
            (METHOD_STORED, raw)
        };
        let offset = u32_of(out.len());

        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION_NEEDED);
        put16(&mut out, FLAG_UTF8);
        put16(&mut out, method);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, u32_of(data.len()));
        put32(&mut out, u32_of(raw.len()));
        put16(&mut out, u16_of(name.len()));
        put16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        put32(&mut central, 0x0201_4b50);
        put16(&mut central, MADE_BY_UNIX);
        put16(&mut central, VERSION_NEEDED);
        put16(&mut central, FLAG_UTF8);
        put16(&mut central, method);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, u32_of(data.len()));
        put32(&mut central, u32_of(raw.len()));
        put16(&mut central, u16_of(name.len()));
        put16(&mut central, 0); // extra
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, unix_mode(&f.path) << 16);
        put32(&mut central, offset);
        central.extend_from_slice(name);
    }
    let central_offset = u32_of(out.len());
    let central_len = u32_of(central.len());
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, u16_of(files.len()));
    put16(&mut out, u16_of(files.len()));
    put32(&mut out, central_len);
    put32(&mut out, central_offset);
    put16(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn empty_archive_is_just_the_end_record() {
        let z = zip(&[]);
        assert_eq!(z.len(), 22);
        assert_eq!(&z[..4], b"PK\x05\x06");
    }
}
