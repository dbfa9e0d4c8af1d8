//! Turning a file's bytes into text: byte-order marks, UTF-16, and the legacy charsets
//! old address books were written in.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Decodes bytes: a byte-order mark wins; valid UTF-8 stays as it is; otherwise the
/// `declared` charset (such as a vCard's `CHARSET=SHIFT_JIS`) or, lacking one,
/// Windows-1252, which maps every byte to something.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Cow<'a, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let encoding = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != UTF_8)
        .unwrap_or(WINDOWS_1252);
    encoding.decode_without_bom_handling(bytes).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_and_bom_marked_text_is_decoded() {
        assert_eq!(decode(b"caf\xc3\xa9", None), "café");
        assert_eq!(decode(b"caf\xe9", None), "café");
        assert_eq!(decode(b"\xff\xfeh\x00i\x00", None), "hi");
        assert_eq!(decode(b"\x88\xc0\x93\xa1", Some("SHIFT_JIS")), "安藤");
    }
}
