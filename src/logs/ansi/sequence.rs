//! Escape-sequence recognition: what the ESC at a position starts, read as a terminal's parser
//! would (ECMA-48 CSI byte classes; OSC/DCS/SOS/PM/APC strings ended by ST, or BEL for OSC;
//! CAN and SUB abort), so that a sequence is handled as one unit.
//!
//! Only complete sequences are reported; anything else is [`Seq::Lone`], and the caller shows
//! the ESC and reads what follows as text. A scan never goes past the next ESC (except the one
//! of the ST that ends a string), which keeps the whole parse O(n).

/// What an ESC at some position starts.
pub(super) enum Seq<'a> {
    /// A complete CSI: parameter bytes, intermediate bytes, final byte; `end` is past it.
    Csi {
        params: &'a [u8],
        inter: &'a [u8],
        fin: u8,
        end: usize,
    },
    /// A complete OSC/DCS/SOS/PM/APC string: its introducer, payload and terminator.
    Str {
        intro: u8,
        payload: &'a [u8],
        bel: bool,
        end: usize,
    },
    /// Nothing complete: the ESC stands alone and what follows is read as text.
    Lone,
}

/// Reads the sequence that the ESC at `bytes[i]` starts. Scans stop at the next ESC at the
/// latest (except for the ST `ESC \` that ends a string), which keeps the whole parse O(n).
pub(super) fn sequence(bytes: &[u8], i: usize) -> Seq<'_> {
    let Some(&intro) = bytes.get(i + 1) else {
        return Seq::Lone;
    };
    match intro {
        b'[' => {
            let start = i + 2;
            let mut j = start;
            while bytes.get(j).is_some_and(|b| (0x30..=0x3f).contains(b)) {
                j += 1;
            }
            let p_end = j;
            while bytes.get(j).is_some_and(|b| (0x20..=0x2f).contains(b)) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&fin) if (0x40..=0x7e).contains(&fin) => Seq::Csi {
                    params: &bytes[start..p_end],
                    inter: &bytes[p_end..j],
                    fin,
                    end: j + 1,
                },
                _ => Seq::Lone,
            }
        }
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let start = i + 2;
            let mut j = start;
            while let Some(&b) = bytes.get(j) {
                match b {
                    // Only OSC may end with BEL (xterm's form); in the others BEL is payload.
                    0x07 if intro == b']' => {
                        return Seq::Str {
                            intro,
                            payload: &bytes[start..j],
                            bel: true,
                            end: j + 1,
                        };
                    }
                    0x1b => {
                        return if bytes.get(j + 1) == Some(&b'\\') {
                            Seq::Str {
                                intro,
                                payload: &bytes[start..j],
                                bel: false,
                                end: j + 2,
                            }
                        } else {
                            Seq::Lone
                        };
                    }
                    // CAN and SUB abort a sequence in a terminal.
                    0x18 | 0x1a => return Seq::Lone,
                    _ => j += 1,
                }
            }
            Seq::Lone
        }
        _ => Seq::Lone,
    }
}
