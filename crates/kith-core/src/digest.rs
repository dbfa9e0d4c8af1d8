//! A small stable digest (64-bit FNV-1a) for telling whether a record changed and for
//! keys derived from content. The same input gives the same digest in every build.

/// 64-bit FNV-1a, with [`Fnv::field`] putting a separator after each field so that
/// fields cannot run together.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Adds raw bytes.
    pub fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a field and its separator.
    pub fn field(&mut self, text: &str) {
        self.bytes(text.as_bytes());
        self.bytes(&[0x1f]);
    }

    /// Adds every item as a field, then a list separator.
    pub fn list(&mut self, items: &[String]) {
        for item in items {
            self.field(item);
        }
        self.bytes(&[0x1e]);
    }

    /// The digest as a number.
    pub fn value(&self) -> u64 {
        self.0
    }

    /// The digest as sixteen lower-case hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A quick hash for hash maps keyed by what kith made itself (ids, digests): multiply and
/// rotate, eight bytes at a time. The default hasher's defence against chosen keys costs
/// more than a whole lookup, and no one outside chooses these keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Fnv;

    #[test]
    fn known_values_and_field_separation() {
        let mut empty = Fnv::default();
        empty.bytes(b"");
        assert_eq!(empty.hex(), "cbf29ce484222325");
        let mut a = Fnv::default();
        a.bytes(b"a");
        assert_eq!(a.hex(), "af63dc4c8601ec8c");
        let (mut ab, mut a_b) = (Fnv::default(), Fnv::default());
        ab.field("ab");
        a_b.field("a");
        a_b.field("b");
        assert_ne!(ab.hex(), a_b.hex());
    }
}
