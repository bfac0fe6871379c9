package bleu

// tokenKey identifies a token: its length and its bytes, whole for up to 8
// bytes, as its first and last 8 bytes for up to 16, which tells apart
// all tokens of 1 to maxKeyLen bytes. Other tokens are numbered instead
// (see counter.longKey). Comparing keys is then comparing tokens, with no
// call and no branch.
type tokenKey struct {
	lo, hi uint64
	n      uint32 // the token's length, maxKeyLen+1 for numbered tokens
}

// maxKeyLen is the longest token whose bytes make its key.
const maxKeyLen = 16

// zeros8 stands in for tokens too short to read a block of 8 or 4 bytes.
const zeros8 = "\x00\x00\x00\x00\x00\x00\x00\x00"

// keys returns the key of each token in dst, resized.
//
// The length of a token is random on real text, so keys are read without
// branching on it: each block is read from the token if it is long enough
// and from zeros8 otherwise, picked by indexing, and the wanted one
// selected by conditional moves. A token of up to 3 bytes is read as its
// first, middle and last byte; up to 7 as two overlapping blocks of 4;
// longer ones as two blocks of 8.
func (c *counter) keys(dst []tokenKey, toks []string) []tokenKey {
	dst = grow(dst, len(toks))
	src := [2]string{zeros8}
	for i, tok := range toks {
		n := len(tok)
		if n == 0 || n > maxKeyLen {
			dst[i] = c.longKey(tok) // rare
			continue
		}
		src[1] = tok
		t8, t4 := src[b2u(n >= 8)], src[b2u(n >= 4)]
		lo := uint64(tok[0]) | uint64(tok[n>>1])<<8 | uint64(tok[n-1])<<16
		lo4 := uint64(le32(t4)) | uint64(le32(t4[len(t4)-4:]))<<32
		lo8, hi8 := le64(t8), le64(t8[len(t8)-8:])
		if n >= 4 {
			lo = lo4
		}
		if n >= 8 {
			lo = lo8
		}
		hi := uint64(0)
		if n >= 8 {
			hi = hi8
		}
		dst[i] = tokenKey{lo: lo, hi: hi, n: uint32(n)}
	}
	return dst
}

// longKey returns the key of an empty token or one longer than maxKeyLen:
// a number for each distinct one (from c.long, emptied after each call),
// and a length no shorter token has.
func (c *counter) longKey(tok string) tokenKey {
	if c.long == nil {
		c.long = map[string]uint64{}
	}
	num, ok := c.long[tok]
	if !ok {
		num = uint64(len(c.long))
		c.long[tok] = num
	}
	return tokenKey{lo: num, n: maxKeyLen + 1}
}

// le32 and le64 read the first 4 or 8 bytes of s as one load.
func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
