//! src/deflate.rs against miniz_oxide (the reference for "standard raw DEFLATE"), on the repo's own
//! YAML and scripts, random and text-like data, and hostile streams built bit by bit.

use aks_identity_wizard::deflate::{compress, decompress, InflateError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NO_LIMIT: usize = usize::MAX;

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable test data directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// public/presets and tests/golden: the YAML and scripts the wizard really compresses.
fn repo_samples() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files_under(&root.join("public/presets"), &mut paths);
    files_under(&root.join("tests/golden"), &mut paths);
    paths.sort();
    let samples: Vec<_> = paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e != "json"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable sample");
            (p, bytes)
        })
        .collect();
    assert!(samples.len() > 10, "the repo's presets and golden files should be found");
    samples
}

/// Deterministic text-like data: words from a small alphabet with frequent repeats of earlier
/// stretches, near and far, like YAML and shell scripts.
fn text_like(seed: u64, length: usize, alphabet: u8) -> Vec<u8> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::with_capacity(length);
    while out.len() < length {
        let roll = next();
        if roll % 3 == 0 && out.len() > 4 {
            let distance = 1 + (next() as usize % out.len().min(40_000));
            let run = 3 + (next() as usize % 300);
            let start = out.len() - distance;
            for i in 0..run {
                out.push(out[start + i]);
            }
        } else {
            for _ in 0..1 + roll as usize % 8 {
                out.push(b'a' + (next() % u64::from(alphabet)) as u8);
            }
            out.push(if roll % 5 == 0 { b'\n' } else { b' ' });
        }
    }
    out.truncate(length);
    out
}

fn miniz_inflate(packed: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(packed).expect("miniz_oxide reads our output")
}

fn assert_round_trips(data: &[u8]) {
    let packed = compress(data);
    assert_eq!(decompress(&packed, NO_LIMIT).as_deref(), Ok(data), "ours through ours");
    assert_eq!(miniz_inflate(&packed), data, "ours through miniz_oxide");
    for level in [0, 1, 6, 9] {
        let theirs = miniz_oxide::deflate::compress_to_vec(data, level);
        assert_eq!(decompress(&theirs, NO_LIMIT).as_deref(), Ok(data), "miniz_oxide level {level} through ours");
    }
}

#[test]
fn repo_files_round_trip_both_ways() {
    for (path, data) in repo_samples() {
        let packed = compress(&data);
        assert_eq!(decompress(&packed, NO_LIMIT).as_deref(), Ok(&data[..]), "{}", path.display());
        assert_eq!(miniz_inflate(&packed), data, "{}", path.display());
        for level in [0, 1, 6, 9] {
            let theirs = miniz_oxide::deflate::compress_to_vec(&data, level);
            assert_eq!(decompress(&theirs, NO_LIMIT).as_deref(), Ok(&data[..]), "{} level {level}", path.display());
        }
    }
}

/// Fixed Huffman costs ratio; the brief allows about 25% over zlib level 9 in total.
#[test]
fn ratio_on_repo_files_is_within_a_quarter_of_miniz_level_9() {
    let (mut ours, mut theirs) = (0, 0);
    for (_, data) in repo_samples() {
        ours += compress(&data).len();
        theirs += miniz_oxide::deflate::compress_to_vec(&data, 9).len();
    }
    assert!(ours * 100 <= theirs * 125, "ours {ours} bytes, miniz_oxide level 9 {theirs} bytes");
}

#[test]
fn edge_sizes_round_trip() {
    assert_round_trips(b"");
    assert_round_trips(b"a");
    assert_round_trips(b"ab");
    assert_round_trips(b"abc");
    assert_round_trips(&[0; 259]);
    assert_round_trips(&[7; 100_000]);
    assert_round_trips(&(0..=255).collect::<Vec<u8>>());
    // A repeat exactly 32 KiB back (the farthest distance there is), and one just out of reach.
    for distance in [32_768, 32_769] {
        let mut far: Vec<u8> = (0..40_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        let start = far.len() - distance;
        far.extend_from_within(start..start + 300);
        assert_round_trips(&far);
    }
    assert_round_trips(&text_like(5, 300_000, 4));
}

#[test]
fn empty_input_is_one_fixed_block_with_only_end_of_block() {
    assert_eq!(compress(b""), [0x03, 0x00]);
}

#[test]
fn compression_is_deterministic() {
    for (_, data) in repo_samples() {
        assert_eq!(compress(&data), compress(&data));
    }
    let data = text_like(11, 150_000, 6);
    assert_eq!(compress(&data), compress(&data));
}

/// Every strict prefix of a stream misses at least the last bits of its final end-of-block code (or,
/// for a final stored block, its last byte), so none may decode.
#[test]
fn every_truncation_is_corrupt() {
    let samples = repo_samples();
    let text = &samples.iter().find(|(p, _)| p.ends_with("newcomer-quick-start.yaml")).expect("preset").1;
    let mut streams = vec![compress(text), compress(b""), compress(b"x")];
    for level in [0, 1, 6, 9] {
        streams.push(miniz_oxide::deflate::compress_to_vec(text, level));
        streams.push(miniz_oxide::deflate::compress_to_vec(b"", level));
    }
    for stream in streams {
        assert_eq!(decompress(&stream, NO_LIMIT).map(|_| ()), Ok(()));
        for cut in 0..stream.len() {
            assert_eq!(
                decompress(&stream[..cut], NO_LIMIT),
                Err(InflateError::Corrupt),
                "cut at {cut} of {}",
                stream.len()
            );
        }
    }
}

#[test]
fn limit_is_exact_for_every_block_type() {
    let data = text_like(21, 5_000, 10);
    let mut streams = vec![compress(&data)];
    for level in [0, 1, 6, 9] {
        streams.push(miniz_oxide::deflate::compress_to_vec(&data, level));
    }
    for stream in streams {
        assert_eq!(decompress(&stream, data.len()).as_deref(), Ok(&data[..]));
        assert_eq!(decompress(&stream, data.len() - 1), Err(InflateError::TooLarge));
        assert_eq!(decompress(&stream, 0), Err(InflateError::TooLarge));
    }
    assert_eq!(decompress(&compress(b""), 0), Ok(Vec::new()));
    // The limit falling inside a match copy, and inside a stored block.
    let runs = [b'z'; 1_000];
    assert_eq!(decompress(&compress(&runs), 999), Err(InflateError::TooLarge));
    assert_eq!(decompress(&miniz_oxide::deflate::compress_to_vec(&runs, 0), 999), Err(InflateError::TooLarge));
}

#[test]
fn deflate_bomb_stops_at_the_limit_quickly() {
    let zeros = vec![0u8; 1 << 20];
    for bomb in [compress(&zeros), miniz_oxide::deflate::compress_to_vec(&zeros, 9)] {
        assert!(bomb.len() * 100 < zeros.len(), "{} bytes", bomb.len());
        let started = Instant::now();
        assert_eq!(decompress(&bomb, 4_096), Err(InflateError::TooLarge));
        assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
        assert_eq!(decompress(&bomb, 1 << 20).map(|out| out.len()), Ok(1 << 20));
    }
}

/// Builds streams bit by bit: fields least significant bit first, Huffman codes most significant first.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) -> &mut Self {
        for i in 0..count {
            if self.used.is_multiple_of(8) {
                self.bytes.push(0);
            }
            let bit = (value.checked_shr(i).unwrap_or(0) & 1) as u8;
            *self.bytes.last_mut().unwrap() |= bit << (self.used % 8);
            self.used += 1;
        }
        self
    }

    fn code(&mut self, code: u32, length: u32) -> &mut Self {
        for i in (0..length).rev() {
            self.put((code >> i) & 1, 1);
        }
        self
    }

    /// Header of a final fixed-Huffman block.
    fn fixed() -> Self {
        let mut bits = Bits::default();
        bits.put(1, 1).put(1, 2);
        bits
    }

    fn fixed_symbol(&mut self, symbol: u32) -> &mut Self {
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xC0 + symbol - 280, 8),
        }
    }
}

/// Canonical codes (RFC 1951 3.2.2) for the given lengths, as (code, length) per symbol.
fn canonical(lengths: &[u32]) -> Vec<(u32, u32)> {
    let mut codes = vec![(0, 0); lengths.len()];
    let mut next = 0;
    for length in 1..16 {
        for (symbol, &l) in lengths.iter().enumerate() {
            if l == length {
                codes[symbol] = (next, length);
                next += 1;
            }
        }
        next <<= 1;
    }
    codes
}

const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// A final dynamic block header, lengths sent one by one with a 4-bit code for 0..=15 (complete).
/// Returns the stream so far and the literal/length and distance codes for the body.
/// Canonical codes as (code, length) per symbol.
type Codes = Vec<(u32, u32)>;

fn dynamic(literal_lengths: &[u32], distance_lengths: &[u32]) -> (Bits, Codes, Codes) {
    let mut bits = Bits::default();
    bits.put(1, 1).put(2, 2);
    bits.put(literal_lengths.len() as u32 - 257, 5).put(distance_lengths.len() as u32 - 1, 5).put(19 - 4, 4);
    let code_length_lengths: Vec<u32> = (0..19).map(|s| if s < 16 { 4 } else { 0 }).collect();
    for symbol in CODE_LENGTH_ORDER {
        bits.put(code_length_lengths[symbol], 3);
    }
    let code_length_code = canonical(&code_length_lengths);
    for &length in literal_lengths.iter().chain(distance_lengths) {
        let (code, bits_used) = code_length_code[length as usize];
        bits.code(code, bits_used);
    }
    (bits, canonical(literal_lengths), canonical(distance_lengths))
}

fn literal_lengths_with(assigned: &[(usize, u32)]) -> Vec<u32> {
    let mut lengths = vec![0; 286];
    for &(symbol, length) in assigned {
        lengths[symbol] = length;
    }
    lengths
}

#[test]
fn hostile_fixed_blocks_are_corrupt() {
    // BTYPE = 11 is reserved.
    assert_eq!(decompress(&[0b111], NO_LIMIT), Err(InflateError::Corrupt));
    // Length symbols 286 and 287 have codes in the fixed code but no meaning.
    for symbol in [286, 287] {
        let mut bits = Bits::fixed();
        bits.fixed_symbol(b'a'.into()).fixed_symbol(symbol).code(0, 5).fixed_symbol(256);
        assert_eq!(decompress(&bits.bytes, NO_LIMIT), Err(InflateError::Corrupt), "symbol {symbol}");
    }
    // So do distance codes 30 and 31.
    for distance_code in [30, 31] {
        let mut bits = Bits::fixed();
        bits.fixed_symbol(b'a'.into()).fixed_symbol(257).code(distance_code, 5).fixed_symbol(256);
        assert_eq!(decompress(&bits.bytes, NO_LIMIT), Err(InflateError::Corrupt), "distance code {distance_code}");
    }
    // A distance reaching before the start of the output.
    let mut bits = Bits::fixed();
    bits.fixed_symbol(b'a'.into()).fixed_symbol(257).code(1, 5).fixed_symbol(256);
    assert_eq!(decompress(&bits.bytes, NO_LIMIT), Err(InflateError::Corrupt));
    // The same with distance 1 is fine: "a" then three copies of it.
    let mut bits = Bits::fixed();
    bits.fixed_symbol(b'a'.into()).fixed_symbol(257).code(0, 5).fixed_symbol(256);
    assert_eq!(decompress(&bits.bytes, NO_LIMIT).as_deref(), Ok(&b"aaaa"[..]));
}

#[test]
fn hostile_stored_blocks_are_corrupt() {
    assert_eq!(decompress(&[0x01, 0x03, 0x00, 0xFC, 0xFF, b'a', b'b', b'c'], NO_LIMIT).as_deref(), Ok(&b"abc"[..]));
    // NLEN is not the complement of LEN.
    assert_eq!(decompress(&[0x01, 0x03, 0x00, 0xFC, 0xFE, b'a', b'b', b'c'], NO_LIMIT), Err(InflateError::Corrupt));
    // LEN claims more bytes than follow.
    assert_eq!(decompress(&[0x01, 0x04, 0x00, 0xFB, 0xFF, b'a', b'b', b'c'], NO_LIMIT), Err(InflateError::Corrupt));
    // A non-final block with nothing after it.
    assert_eq!(decompress(&[0x00, 0x00, 0x00, 0xFF, 0xFF], NO_LIMIT), Err(InflateError::Corrupt));
    assert_eq!(decompress(&[], NO_LIMIT), Err(InflateError::Corrupt));
}

#[test]
fn dynamic_blocks_with_lone_or_missing_distance_codes_decode() {
    // Four two-bit literal/length codes (complete) and a single one-bit distance code, as encoders
    // emit for blocks that use one distance.
    let (mut bits, literals, distances) =
        dynamic(&literal_lengths_with(&[(97, 2), (256, 2), (257, 2), (258, 2)]), &[1]);
    let (a, end, length_3) = (literals[97], literals[256], literals[257]);
    bits.code(a.0, a.1).code(length_3.0, length_3.1).code(distances[0].0, distances[0].1).code(end.0, end.1);
    assert_eq!(decompress(&bits.bytes, NO_LIMIT).as_deref(), Ok(&b"aaaa"[..]));
    // No distance codes at all: a literal-only block.
    let (mut bits, literals, _) = dynamic(&literal_lengths_with(&[(97, 1), (256, 1)]), &[0]);
    bits.code(literals[97].0, 1).code(literals[256].0, 1);
    assert_eq!(decompress(&bits.bytes, NO_LIMIT).as_deref(), Ok(&b"a"[..]));
    // An end-of-block code alone.
    let (mut bits, literals, _) = dynamic(&literal_lengths_with(&[(256, 1)]), &[0]);
    bits.code(literals[256].0, 1);
    assert_eq!(decompress(&bits.bytes, NO_LIMIT), Ok(Vec::new()));
}

#[test]
fn hostile_dynamic_headers_are_corrupt() {
    // Zero padding after the header, and a small limit: a decoder that let a bad code through would
    // decode the padding as symbols and stop at the limit, not report the stream as corrupt.
    let corrupt = |bits: &mut Bits| assert_eq!(decompress(&bits.put(0, 64).bytes, 4), Err(InflateError::Corrupt));
    // Over-subscribed and incomplete literal/length codes.
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (256, 1), (257, 1)]), &[1, 1]).0);
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (256, 2)]), &[1, 1]).0);
    // A lone code is only acceptable with one bit.
    corrupt(&mut dynamic(&literal_lengths_with(&[(256, 2)]), &[1, 1]).0);
    // Incomplete and over-subscribed distance codes.
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (256, 1)]), &[1, 2]).0);
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (256, 1)]), &[2]).0);
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (256, 1)]), &[1, 1, 1]).0);
    // No end-of-block code.
    corrupt(&mut dynamic(&literal_lengths_with(&[(97, 1), (98, 1)]), &[1, 1]).0);
    // HLIT claiming 287 or 288 codes, HDIST claiming 31 or 32.
    for (literal_count, distance_count) in [(287, 2), (288, 2), (286, 31), (286, 32)] {
        let mut literal_lengths = literal_lengths_with(&[(97, 1), (256, 1)]);
        literal_lengths.resize(literal_count, 0);
        let mut distance_lengths = vec![1, 1];
        distance_lengths.resize(distance_count, 0);
        corrupt(&mut dynamic(&literal_lengths, &distance_lengths).0);
    }
    // Code-length codes: over-subscribed (three one-bit codes), incomplete (one two-bit code), and a
    // lone one-bit code (accepted when built, but one symbol can only describe all-equal lengths,
    // never a usable literal/length code).
    for code_length_lengths in [[1, 1, 1], [0, 0, 2], [0, 0, 1]] {
        let mut bits = Bits::default();
        bits.put(1, 1).put(2, 2).put(0, 5).put(0, 5).put(0, 4);
        for length in code_length_lengths.into_iter().chain([0]) {
            bits.put(length, 3);
        }
        corrupt(&mut bits);
    }
}

/// A final dynamic block header for 257 literal/length and 1 distance code, its lengths sent as the
/// given (code-length symbol, extra bits value, extra bit count). Only 0, 1 and the repeat codes
/// 16, 17, 18 have code-length codes.
fn repeat_header(symbols: &[(usize, u32, u32)]) -> Bits {
    let mut bits = Bits::default();
    bits.put(1, 1).put(2, 2).put(0, 5).put(0, 5).put(19 - 4, 4);
    let mut code_length_lengths = [0u32; 19];
    // Two bits for 0, 1 and 18, three for 16 and 17: a complete set.
    for (symbol, length) in [(0, 2), (1, 2), (18, 2), (16, 3), (17, 3)] {
        code_length_lengths[symbol] = length;
    }
    for symbol in CODE_LENGTH_ORDER {
        bits.put(code_length_lengths[symbol], 3);
    }
    let codes = canonical(&code_length_lengths);
    for &(symbol, extra, extra_bits) in symbols {
        bits.code(codes[symbol].0, codes[symbol].1).put(extra, extra_bits);
    }
    bits
}

#[test]
fn hostile_repeat_codes_are_corrupt() {
    let corrupt = |bits: &Bits| assert_eq!(decompress(&bits.bytes, NO_LIMIT), Err(InflateError::Corrupt));
    // Repeat-previous with no previous length.
    corrupt(repeat_header(&[(16, 0, 2)]).put(0, 64));
    // Zeros running past the 257 + 1 lengths the header announced, by one or by many.
    corrupt(repeat_header(&[(18, 127, 7), (18, 107, 7), (1, 0, 0), (17, 0, 3)]).put(0, 64));
    corrupt(repeat_header(&[(18, 127, 7), (18, 127, 7), (18, 127, 7)]).put(0, 64));
    // 138 + 118 zeros, then 256 and the distance get one bit each, and 256's code (0) ends the block.
    let mut fine = repeat_header(&[(18, 127, 7), (18, 107, 7), (1, 0, 0), (1, 0, 0)]);
    assert_eq!(decompress(&fine.put(0, 1).bytes, NO_LIMIT), Ok(Vec::new()));
    // The same with 255 getting the one-bit code and 256 (end of block) none.
    corrupt(repeat_header(&[(18, 127, 7), (18, 106, 7), (1, 0, 0), (0, 0, 0), (1, 0, 0)]).put(0, 64));
}

fn text_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (any::<u64>(), 0usize..3_000, 1u8..27).prop_map(|(seed, length, alphabet)| text_like(seed, length, alphabet)),
        prop::collection::vec(prop::sample::select(b"ab \n:-".to_vec()), 0..2_000),
    ]
}

fn big_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (any::<u64>(), 65_537usize..200_000, 1u8..27)
            .prop_map(|(seed, length, alphabet)| text_like(seed, length, alphabet)),
        prop::collection::vec(any::<u8>(), 65_537..70_000),
    ]
}

/// `FUZZ_CASES` (set by scripts/fuzz) or `default`: the same properties, at full size on demand.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(128)))]

    #[test]
    fn random_bytes_round_trip(data in prop::collection::vec(any::<u8>(), 0..3_000)) {
        assert_round_trips(&data);
    }

    #[test]
    fn text_round_trips(data in text_input()) {
        assert_round_trips(&data);
    }

    #[test]
    fn random_streams_never_exceed_the_limit(stream in prop::collection::vec(any::<u8>(), 0..600), limit in 0usize..5_000) {
        if let Ok(out) = decompress(&stream, limit) {
            prop_assert!(out.len() <= limit);
            prop_assert!(out.capacity() <= limit);
        }
    }

    /// Valid streams with bits flipped reach much deeper into the decoder than random bytes do.
    #[test]
    fn damaged_streams_never_panic(
        data in text_input(),
        miniz_level in prop::option::of(prop::sample::select(vec![0u8, 1, 6, 9])),
        flips in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
    ) {
        let mut stream = match miniz_level {
            Some(level) => miniz_oxide::deflate::compress_to_vec(&data, level),
            None => compress(&data),
        };
        for flip in flips {
            let bit = flip.index(stream.len() * 8);
            stream[bit / 8] ^= 1 << (bit % 8);
        }
        let limit = data.len() + 100;
        if let Ok(out) = decompress(&stream, limit) {
            prop_assert!(out.capacity() <= limit);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(12 * 1000) / 1000))]

    #[test]
    fn inputs_over_64_kib_round_trip(data in big_input()) {
        assert_round_trips(&data);
    }
}
