//! Raw DEFLATE (RFC 1951, no zlib or gzip framing) for share links and ZIP bundles.
//!
//! Written for size, not speed: the inputs are a few KB of YAML and shell text, and every KB of wasm
//! is paid on each page load. The compressor emits one fixed-Huffman block (no code tables to build
//! or send); the decoder reads every block type so streams from zlib or miniz at any level decode.
//! No index here can fail (any the compiler cannot prove are checked `get`s) and nothing formats
//! text, so no panic or `core::fmt` code is linked.

/// Why `decompress` gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InflateError {
    /// The output would be longer than the caller's limit.
    TooLarge,
    /// The stream is malformed or cut off.
    Corrupt,
}

const WINDOW: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier positions with the same hash are tried: on the repo's YAML and scripts, 4096 (as
/// zlib level 9) saves under 0.01% over 128, while the fixed Huffman code costs about 17%.
const MAX_CHAIN: usize = 128;
const HASH_BITS: u32 = 15;

/// Length codes 257..=285: first length of each (RFC 1951 3.2.5); see `length_extra_bits`.
const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
/// Distance codes 0..=29: first distance of each.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];

/// Extra bits after length code `257 + index`; the table follows a rule, so it is computed.
fn length_extra_bits(index: usize) -> u32 {
    if index < 8 || index == 28 {
        0
    } else {
        (index as u32 - 4) / 4
    }
}

/// Extra bits after distance code `index`.
fn distance_extra_bits(index: usize) -> u32 {
    (index as u32 / 2).saturating_sub(1)
}

/// The last table entry whose base is at most `value`, as (index, base); tables ascend from the minimum.
fn code_for(bases: &[u16], value: usize) -> (usize, usize) {
    let found = bases.iter().enumerate().rev().find(|(_, &base)| usize::from(base) <= value);
    found.map_or((0, 0), |(index, &base)| (index, usize::from(base)))
}

struct BitWriter {
    out: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl BitWriter {
    /// DEFLATE packs values from the least significant bit up.
    fn put(&mut self, value: u32, bits: u32) {
        self.pending |= u64::from(value) << self.pending_bits;
        self.pending_bits += bits;
        while self.pending_bits >= 8 {
            self.out.push(self.pending as u8);
            self.pending >>= 8;
            self.pending_bits -= 8;
        }
    }

    /// Huffman codes are sent most significant bit first, unlike every other field.
    fn put_code(&mut self, code: u32, bits: u32) {
        self.put(code.reverse_bits() >> (32 - bits), bits);
    }

    /// A literal/length symbol in the fixed code of RFC 1951 3.2.6.
    fn put_fixed_symbol(&mut self, symbol: u32) {
        let (code, bits) = match symbol {
            0..=143 => (0x30 + symbol, 8),
            144..=255 => (0x190 + symbol - 144, 9),
            256..=279 => (symbol - 256, 7),
            _ => (0xC0 + symbol - 280, 8),
        };
        self.put_code(code, bits);
    }

    fn put_match(&mut self, length: usize, distance: usize) {
        let (index, base) = code_for(&LENGTH_BASE, length);
        self.put_fixed_symbol(257 + index as u32);
        self.put((length - base) as u32, length_extra_bits(index));
        let (index, base) = code_for(&DISTANCE_BASE, distance);
        self.put_code(index as u32, 5);
        self.put((distance - base) as u32, distance_extra_bits(index));
    }
}

/// LZ77 match finder: hash chains over the last 32 KiB. Positions are stored plus one so 0 means none.
struct Matcher<'a> {
    data: &'a [u8],
    head: Vec<u32>,
    previous: Vec<u32>,
}

impl Matcher<'_> {
    fn hash(&self, at: usize) -> Option<usize> {
        let &[a, b, c, ..] = self.data.get(at..)? else { return None };
        let word = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
        Some((word.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize)
    }

    fn insert(&mut self, at: usize) {
        if let Some(hash) = self.hash(at) {
            if let (Some(head), Some(link)) = (self.head.get_mut(hash), self.previous.get_mut(at % WINDOW)) {
                *link = *head;
                // Wrapping only matters past 4 GiB, where a bad candidate merely fails the window check.
                *head = (at as u32).wrapping_add(1);
            }
        }
    }

    /// The longest earlier match for the bytes at `at` as (length, distance); length 0 if none.
    /// Must run before `insert(at)`, so the ring slot of a candidate a full window back is still its own.
    fn longest(&self, at: usize) -> (usize, usize) {
        let mut best = (0, 0);
        let Some(hash) = self.hash(at) else { return best };
        let here = self.data.get(at..).unwrap_or_default();
        let limit = here.len().min(MAX_MATCH);
        let mut candidate = self.head.get(hash).copied().unwrap_or(0) as usize;
        for _ in 0..MAX_CHAIN {
            if candidate == 0 || at - (candidate - 1) > WINDOW {
                break;
            }
            let start = candidate - 1;
            let there = self.data.get(start..).unwrap_or_default();
            // Cheap reject: a longer match must at least agree at the byte the best one ended on.
            if there.get(best.0) == here.get(best.0) {
                let length = here.iter().zip(there).take(limit).take_while(|(a, b)| a == b).count();
                if length > best.0 {
                    best = (length, at - start);
                    if length == limit {
                        break;
                    }
                }
            }
            candidate = self.previous.get(start % WINDOW).copied().unwrap_or(0) as usize;
        }
        if best.0 < MIN_MATCH {
            (0, 0)
        } else {
            best
        }
    }
}

/// Raw DEFLATE of `data` as one final fixed-Huffman block. Deterministic: ZIP bundles are compared
/// byte for byte.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut writer = BitWriter { out: Vec::new(), pending: 0, pending_bits: 0 };
    // BFINAL = 1, BTYPE = 01 (fixed Huffman).
    writer.put(0b011, 3);
    let mut matcher = Matcher { data, head: vec![0; 1 << HASH_BITS], previous: vec![0; WINDOW] };
    let mut at = 0;
    while at < data.len() {
        let (length, distance) = matcher.longest(at);
        matcher.insert(at);
        // Lazy matching: a longer match starting at the next byte is worth a literal here. That
        // search is repeated in the next round; simpler code beats the speed on these inputs.
        if length == 0 || matcher.longest(at + 1).0 > length {
            writer.put_fixed_symbol(u32::from(data.get(at).copied().unwrap_or(0)));
            at += 1;
        } else {
            writer.put_match(length, distance);
            for skipped in at + 1..at + length {
                matcher.insert(skipped);
            }
            at += length;
        }
    }
    writer.put_fixed_symbol(256);
    // Zero padding pushes out a partly filled last byte; a full one is never added.
    writer.put(0, 7);
    writer.out
}

/// Reads past the end of the input yield zero bits and mark the reader `exhausted`, rather than
/// failing each read, which keeps the code small. `Huffman::decode` fails once the reader is
/// exhausted, and so does taking a stored block's bytes (the position is then past the end); every
/// block ends with one or the other, so no stream that ran short is accepted.
struct BitReader<'a> {
    data: &'a [u8],
    position: usize,
    pending: u32,
    pending_bits: u32,
    exhausted: bool,
}

impl BitReader<'_> {
    /// The next `bits` bits (at most 16), least significant first.
    fn bits(&mut self, bits: u32) -> u32 {
        while self.pending_bits < bits {
            let byte = match self.data.get(self.position) {
                Some(&byte) => byte,
                None => {
                    self.exhausted = true;
                    0
                }
            };
            self.position += 1;
            self.pending |= u32::from(byte) << self.pending_bits;
            self.pending_bits += 8;
        }
        let value = self.pending & ((1 << bits) - 1);
        self.pending >>= bits;
        self.pending_bits -= bits;
        value
    }

    /// Corrupt if anything read so far lay past the end of the input.
    fn check(&self) -> Result<(), InflateError> {
        if self.exhausted {
            Err(InflateError::Corrupt)
        } else {
            Ok(())
        }
    }
}

/// A canonical Huffman code as RFC 1951 3.2.2 defines it: how many codes have each length, and the
/// symbols in code order. Decoding walks the lengths one bit at a time, which needs no lookup tables.
struct Huffman {
    count_of_length: [u16; 16],
    symbols: [u16; 288],
}

impl Huffman {
    /// Rebuild in place for the given code lengths (0 = unused); building in place spares copying
    /// the tables around. A set that claims more codes than fit is corrupt, and so is one that leaves
    /// codes unused, except a lone one-bit code or none at all: encoders emit those for blocks with
    /// a single distance or none.
    fn build(&mut self, lengths: &[u8]) -> Result<(), InflateError> {
        self.count_of_length = [0; 16];
        // Lengths are at most 15 (3-bit fields or code-length symbols); the mask spares a bounds check.
        for &length in lengths {
            self.count_of_length[usize::from(length) & 15] += 1;
        }
        // Each length doubles the codes available; a negative balance means over-subscribed.
        let mut unused: i32 = 1;
        for &count in &self.count_of_length[1..] {
            unused = unused * 2 - i32::from(count);
            if unused < 0 {
                return Err(InflateError::Corrupt);
            }
        }
        let used = lengths.len() - usize::from(self.count_of_length[0]);
        let lone_one_bit_code = used == 1 && self.count_of_length[1] == 1;
        if unused > 0 && used > 0 && !lone_one_bit_code {
            return Err(InflateError::Corrupt);
        }
        // Where the symbols of each length start in `symbols`: shorter codes come first.
        let mut first_index = [0u16; 16];
        for length in 1..15 {
            first_index[length + 1] = first_index[length] + self.count_of_length[length];
        }
        for (symbol, &length) in lengths.iter().enumerate() {
            if length > 0 {
                let next = &mut first_index[usize::from(length) & 15];
                *self.symbols.get_mut(usize::from(*next)).ok_or(InflateError::Corrupt)? = symbol as u16;
                *next += 1;
            }
        }
        Ok(())
    }

    /// The next symbol; corrupt if its code is unassigned or the input ran out, during this symbol
    /// or before it.
    fn decode(&self, input: &mut BitReader) -> Result<usize, InflateError> {
        // `code` is the bits read so far; `first` the first code of the current length; `index` the
        // position of that code's symbol.
        let mut code: u32 = 0;
        let mut first: u32 = 0;
        let mut index: u32 = 0;
        for &count in &self.count_of_length[1..] {
            code |= input.bits(1);
            let count = u32::from(count);
            if code - first < count {
                input.check()?;
                let symbol = self.symbols.get((index + code - first) as usize).ok_or(InflateError::Corrupt)?;
                return Ok(usize::from(*symbol));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Corrupt)
    }
}

/// Output that refuses to grow past the caller's limit, and never reserves more than it either.
struct Output {
    bytes: Vec<u8>,
    limit: usize,
}

impl Output {
    fn push(&mut self, byte: u8) -> Result<(), InflateError> {
        if self.bytes.len() >= self.limit {
            return Err(InflateError::TooLarge);
        }
        if self.bytes.len() == self.bytes.capacity() {
            let room = self.limit - self.bytes.len();
            let grow = self.bytes.len().max(1024).min(room);
            // An allocator that cannot satisfy a generous limit is a limit too.
            self.bytes.try_reserve_exact(grow).map_err(|_| InflateError::TooLarge)?;
        }
        self.bytes.push(byte);
        Ok(())
    }
}

/// Order in which code-length code lengths are sent (RFC 1951 3.2.7).
const CODE_LENGTH_ORDER: [u8; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Room for the fixed code's 288 literal/length and 32 distance lengths; dynamic ones need at most 316.
const LENGTHS: usize = 320;

/// Fills `lengths` from a dynamic block header: literal/length code lengths, then distance code
/// lengths right after them. Returns how many literal/length codes there are.
fn read_dynamic_lengths(input: &mut BitReader, lengths: &mut [u8; LENGTHS]) -> Result<usize, InflateError> {
    let literal_count = input.bits(5) as usize + 257;
    let distance_count = input.bits(5) as usize + 1;
    let code_length_count = input.bits(4) as usize + 4;
    // 286 literal/length and 30 distance codes exist; the 5-bit fields can claim up to 288 and 32.
    if literal_count > 286 || distance_count > 30 {
        return Err(InflateError::Corrupt);
    }
    let mut code_length_lengths = [0u8; 19];
    for &symbol in CODE_LENGTH_ORDER.iter().take(code_length_count) {
        code_length_lengths[usize::from(symbol)] = input.bits(3) as u8;
    }
    let mut code_length_code = Huffman { count_of_length: [0; 16], symbols: [0; 288] };
    code_length_code.build(&code_length_lengths)?;
    let total = literal_count + distance_count;
    let mut filled = 0;
    while filled < total {
        let symbol = code_length_code.decode(input)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = filled.checked_sub(1).and_then(|i| lengths.get(i)).ok_or(InflateError::Corrupt)?;
                (*previous, 3 + input.bits(2) as usize)
            }
            17 => (0, 3 + input.bits(3) as usize),
            _ => (0, 11 + input.bits(7) as usize),
        };
        if filled + repeat > total {
            return Err(InflateError::Corrupt);
        }
        for slot in lengths.iter_mut().skip(filled).take(repeat) {
            *slot = value;
        }
        filled += repeat;
    }
    // A block that cannot end is corrupt.
    if lengths[256] == 0 {
        return Err(InflateError::Corrupt);
    }
    Ok(literal_count)
}

/// The code lengths of the fixed codes (RFC 1951 3.2.6). All 288 literal/length and 32 distance
/// symbols get codes so the sets are complete; those with no meaning (286, 287 and distances 30, 31)
/// are rejected when decoded.
fn fixed_lengths(lengths: &mut [u8; LENGTHS]) -> usize {
    for (symbol, length) in lengths.iter_mut().enumerate() {
        *length = match symbol {
            0..=143 | 280..=287 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 5,
        };
    }
    288
}

/// Decode raw DEFLATE, producing at most `limit` bytes. Hostile input yields an error, never a panic
/// or an allocation beyond `limit`.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut input = BitReader { data, position: 0, pending: 0, pending_bits: 0, exhausted: false };
    let mut output = Output { bytes: Vec::new(), limit };
    let mut literals = Huffman { count_of_length: [0; 16], symbols: [0; 288] };
    let mut distances = Huffman { count_of_length: [0; 16], symbols: [0; 288] };
    loop {
        let last = input.bits(1) == 1;
        let kind = input.bits(2);
        if kind == 0 {
            // Stored: skip to the byte boundary, then LEN and its complement NLEN, then the bytes.
            input.bits(input.pending_bits % 8);
            let length = input.bits(16) as usize;
            if input.bits(16) as usize != !length & 0xFFFF {
                return Err(InflateError::Corrupt);
            }
            // The reader is byte aligned with nothing pending, so the bytes can be taken directly.
            let end = input.position + length;
            for &byte in data.get(input.position..end).ok_or(InflateError::Corrupt)? {
                output.push(byte)?;
            }
            input.position = end;
        } else {
            // Unused lengths must read as zero, so each block starts from a cleared array.
            let mut lengths = [0u8; LENGTHS];
            let literal_count = match kind {
                1 => fixed_lengths(&mut lengths),
                2 => read_dynamic_lengths(&mut input, &mut lengths)?,
                _ => return Err(InflateError::Corrupt),
            };
            let (literal_lengths, distance_lengths) = lengths.split_at(literal_count);
            literals.build(literal_lengths)?;
            distances.build(distance_lengths)?;
            loop {
                let symbol = literals.decode(&mut input)?;
                if symbol < 256 {
                    output.push(symbol as u8)?;
                    continue;
                }
                if symbol == 256 {
                    break;
                }
                let index = symbol - 257;
                let base = LENGTH_BASE.get(index).ok_or(InflateError::Corrupt)?;
                let length = usize::from(*base) + input.bits(length_extra_bits(index)) as usize;
                let index = distances.decode(&mut input)?;
                let base = DISTANCE_BASE.get(index).ok_or(InflateError::Corrupt)?;
                let distance = usize::from(*base) + input.bits(distance_extra_bits(index)) as usize;
                // Garbage from past the end must not count against the limit: report it as corrupt.
                input.check()?;
                let start = output.bytes.len().checked_sub(distance).ok_or(InflateError::Corrupt)?;
                // Byte by byte: the source may overlap what this copy writes.
                for from in start..start + length {
                    let byte = output.bytes.get(from).copied().ok_or(InflateError::Corrupt)?;
                    output.push(byte)?;
                }
            }
        }
        if last {
            return Ok(output.bytes);
        }
    }
}
