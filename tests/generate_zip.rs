//! The zip: a small independent reader checks every header, inflates, checks every checksum and byte;
//! the archive is the same bytes every time; scripts unpack executable.

mod generate_support;

use aks_identity_wizard::answers::Answers;
use aks_identity_wizard::generate::{self, GeneratedFile};
use generate_support::*;
use std::process::Command;

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// Bitwise CRC-32, written independently of the zip writer's.
fn crc32_bitwise(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// (name, data, unix mode) per entry, read through the central directory as unzip does.
fn read_zip(z: &[u8]) -> Vec<(String, Vec<u8>, u32)> {
    let eocd = z.len() - 22;
    assert_eq!(
        &z[eocd..eocd + 4],
        b"PK\x05\x06",
        "end of central directory"
    );
    let count = u16_at(z, eocd + 10);
    let cd_size = u32_at(z, eocd + 12);
    let mut at = u32_at(z, eocd + 16);
    assert_eq!(
        at + cd_size,
        eocd,
        "central directory ends where the end record starts"
    );
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(&z[at..at + 4], b"PK\x01\x02");
        let method = u16_at(z, at + 10);
        let crc = u32_at(z, at + 16) as u32;
        let size = u32_at(z, at + 20);
        let unpacked_size = u32_at(z, at + 24);
        let name_len = u16_at(z, at + 28);
        let extra_len = u16_at(z, at + 30);
        let comment_len = u16_at(z, at + 32);
        let mode = (u32_at(z, at + 38) >> 16) as u32;
        let flags = u16_at(z, at + 8);
        let local = u32_at(z, at + 42);
        let name = String::from_utf8(z[at + 46..at + 46 + name_len].to_vec()).expect("utf-8 name");
        // Non-ASCII names must be marked as UTF-8 (bit 11), or unzip reads them as CP437.
        assert_eq!(flags & 0x800 != 0, !name.is_ascii(), "{name}: UTF-8 flag");
        // The local header must agree with the central one.
        assert_eq!(&z[local..local + 4], b"PK\x03\x04");
        assert_eq!(u16_at(z, local + 6), flags, "{name}: flags");
        assert_eq!(u16_at(z, local + 26), name_len);
        assert_eq!(&z[local + 30..local + 30 + name_len], name.as_bytes());
        let data_at = local + 30 + name_len + u16_at(z, local + 28);
        assert_eq!(u16_at(z, local + 8), method);
        // Both timestamps are 1980-01-01 00:00, whatever the clock says.
        assert_eq!((u16_at(z, at + 12), u16_at(z, at + 14)), (0, 0x21), "{name}: central time");
        assert_eq!((u16_at(z, local + 10), u16_at(z, local + 12)), (0, 0x21), "{name}: local time");
        let stored = &z[data_at..data_at + size];
        // CRC and sizes: in the local header, or (bit 3) in a data descriptor right after the data.
        let (local_crc, local_size, local_unpacked) = if flags & 0x8 != 0 {
            let mut d = data_at + size;
            if z[d..d + 4] == *b"PK\x07\x08" {
                d += 4;
            }
            (u32_at(z, d), u32_at(z, d + 4), u32_at(z, d + 8))
        } else {
            (u32_at(z, local + 14), u32_at(z, local + 18), u32_at(z, local + 22))
        };
        assert_eq!((local_crc as u32, local_size, local_unpacked), (crc, size, unpacked_size), "{name}: local sizes");
        let data = match method {
            0 => stored.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(stored).expect("valid deflate"),
            m => panic!("{name}: unexpected method {m}"),
        };
        assert_eq!(data.len(), unpacked_size, "{name}: size");
        assert_eq!(crc32_bitwise(&data), crc, "{name}: checksum");
        out.push((name, data, mode));
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

#[test]
fn every_file_is_in_the_zip_byte_for_byte() {
    for (name, a) in cases() {
        let files = generate::bundle(&a).expect("bundle");
        let entries = read_zip(&generate::zip(&files));
        assert_eq!(entries.len(), files.len(), "{name}");
        for (f, (path, data, mode)) in files.iter().zip(&entries) {
            assert_eq!(&f.path, path, "{name}");
            assert_eq!(f.contents.as_bytes(), &data[..], "{name}/{path}");
            let want = if path.ends_with(".sh") || path.ends_with(".ps1") {
                0o100755
            } else {
                0o100644
            };
            assert_eq!(*mode, want, "{name}/{path}: mode {mode:o}");
        }
    }
}

#[test]
fn the_zip_is_the_same_bytes_every_time() {
    let files = generate::bundle(&Answers::default()).expect("bundle");
    assert_eq!(generate::zip(&files), generate::zip(&files));
    // The standard check value, so the reader's own checksum is known good.
    assert_eq!(crc32_bitwise(b"123456789"), 0xCBF4_3926);
}

#[test]
fn unicode_names_and_empty_files_survive() {
    let files = vec![
        GeneratedFile {
            path: "k8s/日本語.yaml".into(),
            contents: "x: ü\n".into(),
        },
        GeneratedFile {
            path: "empty.txt".into(),
            contents: String::new(),
        },
    ];
    let entries = read_zip(&generate::zip(&files));
    assert_eq!(entries[0].0, "k8s/日本語.yaml");
    assert_eq!(entries[0].1, "x: ü\n".as_bytes());
    assert!(entries[1].1.is_empty());
}

#[test]
fn text_is_compressed() {
    let files = generate::bundle(&Answers::default()).expect("bundle");
    let total: usize = files.iter().map(|f| f.contents.len()).sum();
    assert!(
        generate::zip(&files).len() < total / 2,
        "deflate roughly halves the bundle at least"
    );
}

#[test]
fn unzip_accepts_the_archive_when_installed() {
    let files = generate::bundle(&Answers::default()).expect("bundle");
    let dir = TempDir::new("zip");
    let zip_path = dir.path().join("bundle.zip");
    std::fs::write(&zip_path, generate::zip(&files)).expect("write zip");
    match Command::new("unzip").arg("-tq").arg(&zip_path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => eprintln!("unzip not installed; the reader above checks the format"),
    }
}
