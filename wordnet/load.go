package wordnet

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
)

// Open reads the WordNet 3.0 database in dir (DefaultDir if dir is empty):
// index.{noun,verb,adj,adv}, data.{noun,verb,adj,adv} and
// {noun,verb,adj,adv}.exc, the files of Debian's wordnet-base package. A
// missing or unreadable file gives an error wrapping ErrNotInstalled, which
// tells the user to install wordnet-base or set CECBENCH_WORDNET_DIR; a file
// that cannot be parsed gives one wrapping ErrMalformed. The returned WordNet
// uses MorphyOneSuffix.
func Open(dir string) (*WordNet, error) {
	if dir == "" {
		dir = DefaultDir
	}
	db := &database{
		names: newStrTable(160000),
		index: newStrTable(160000),
	}
	// Synsets of each data file are [firsts[p], firsts[p+1]).
	var firsts [numPOS + 1]int32
	for p, suffix := range fileSuffix {
		name := "data." + suffix
		b, err := readFile(dir, name)
		if err != nil {
			return nil, err
		}
		firsts[p] = int32(len(db.synPOS))
		if err := db.parseData(b); err != nil {
			return nil, fmt.Errorf("wordnet: %s: %w", filepath.Join(dir, name), err)
		}
	}
	firsts[numPOS] = int32(len(db.synPOS))
	db.synStart = append(db.synStart, int32(len(db.synNames)))
	db.names.freeze()

	for p, suffix := range fileSuffix {
		name := "index." + suffix
		b, err := readFile(dir, name)
		if err != nil {
			return nil, err
		}
		if err := db.parseIndex(b, p, firsts[p], firsts[p+1]); err != nil {
			return nil, fmt.Errorf("wordnet: %s: %w", filepath.Join(dir, name), err)
		}
	}

	for p, suffix := range fileSuffix {
		name := suffix + ".exc"
		b, err := readFile(dir, name)
		if err != nil {
			return nil, err
		}
		db.exceptions[p] = parseExceptions(b)
	}
	db.index.freeze()
	return &WordNet{db: db, morphy: MorphyOneSuffix}, nil
}

// readFile reads dir/name, wrapping any error in ErrNotInstalled.
func readFile(dir, name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("wordnet: %w: %w", err, ErrNotInstalled)
	}
	return b, nil
}

// malformed returns an error wrapping ErrMalformed for line (1-based).
func malformed(line int, format string, args ...any) error {
	return fmt.Errorf("%w: line %d: %s", ErrMalformed, line, fmt.Sprintf(format, args...))
}

// parseData reads the synsets of one data file: their part
// of speech, offset and lemma names. Every synset line must start with its
// own byte offset, which is how the index refers to it.
func (db *database) parseData(b []byte) error {
	lines := bytes.Count(b, []byte{'\n'})
	db.synPOS = slices.Grow(db.synPOS, lines)
	db.synOffset = slices.Grow(db.synOffset, lines)
	db.synStart = slices.Grow(db.synStart, lines+1)
	db.synNames = slices.Grow(db.synNames, 2*lines)
	lineNo := 0
	for start := 0; start < len(b); {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		line := b[start:end]
		lineNo++
		if len(line) > 0 && line[0] != ' ' {
			if err := db.parseSynset(line, start, lineNo); err != nil {
				return err
			}
		} else if db.version == "" {
			if m := versionRE.FindSubmatch(line); m != nil {
				db.version = string(m[1])
			}
		}
		start = end + 1
	}
	if len(db.synPOS) == 0 {
		return fmt.Errorf("%w: no synsets", ErrMalformed)
	}
	return nil
}

// versionRE finds the version in a data file's licence header, as NLTK's
// WordNetCorpusReader.get_version does.
var versionRE = regexp.MustCompile(`Word[nN]et (\d+|\d+\.\d+) Copyright`)

// parseSynset reads one data line found at byte offset at.
func (db *database) parseSynset(line []byte, at, lineNo int) error {
	f := fields{b: line}
	off, ok := parseUint(f.next(), 10)
	if !ok || off != uint64(at) {
		return malformed(lineNo, "synset offset does not match its position %d", at)
	}
	f.next() // lexicographer file number
	ssType := f.next()
	if len(ssType) != 1 || posIndex(POS(ssType[0])) < 0 {
		return malformed(lineNo, "bad part of speech %q", ssType)
	}
	n, ok := parseUint(f.next(), 16)
	if !ok || n == 0 {
		return malformed(lineNo, "bad word count")
	}
	db.synPOS = append(db.synPOS, POS(ssType[0]))
	db.synOffset = append(db.synOffset, uint32(off))
	db.synStart = append(db.synStart, int32(len(db.synNames)))
	for i := uint64(0); i < n; i++ {
		word := f.next()
		if len(word) == 0 || len(f.next()) == 0 {
			return malformed(lineNo, "too few words")
		}
		db.synNames = append(db.synNames, db.intern(stripMarker(word)))
	}
	return nil
}

// stripMarker removes an adjective's syntactic marker such as "(a)", "(p)"
// or "(ip)" as NLTK does with the regular expression (.*?)(\(.*\))?$: from
// the first "(" on, when the word ends with ")".
func stripMarker(word []byte) []byte {
	if len(word) > 0 && word[len(word)-1] == ')' {
		if i := bytes.IndexByte(word, '('); i >= 0 {
			return word[:i]
		}
	}
	return word
}

// intern returns the ID of name, adding it if it is new.
func (db *database) intern(name []byte) NameID {
	return NameID(db.names.intern(name))
}

// parseIndex reads one index file (of posList[p]); its synset offsets refer
// to the synsets first..last-1 of the matching data file.
func (db *database) parseIndex(b []byte, p int, first, last int32) error {
	offsets := db.synOffset[first:last]
	lines := bytes.Count(b, []byte{'\n'})
	db.entries = slices.Grow(db.entries, lines)
	db.synRefs = slices.Grow(db.synRefs, 2*lines)
	lineNo := 0
	for start := 0; start < len(b); {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		line := b[start:end]
		start = end + 1
		lineNo++
		if len(line) == 0 || line[0] == ' ' {
			continue
		}
		f := fields{b: line}
		lemma := f.next()
		if pos := f.next(); len(pos) != 1 || pos[0] != byte(posList[p]) {
			return malformed(lineNo, "part of speech %q in an index of %q", pos, posList[p])
		}
		nSynsets, ok := parseUint(f.next(), 10)
		if !ok || nSynsets == 0 {
			return malformed(lineNo, "bad synset count")
		}
		nPointers, ok := parseUint(f.next(), 10)
		if !ok {
			return malformed(lineNo, "bad pointer count")
		}
		for i := uint64(0); i < nPointers; i++ {
			f.next()
		}
		if nSenses, ok := parseUint(f.next(), 10); !ok || nSenses != nSynsets {
			return malformed(lineNo, "sense count differs from synset count")
		}
		f.next() // senses ranked by frequency
		sp := span{start: int32(len(db.synRefs)), n: int32(nSynsets)}
		for i := uint64(0); i < nSynsets; i++ {
			off, ok := parseUint(f.next(), 10)
			if !ok {
				return malformed(lineNo, "bad synset offset")
			}
			k := sort.Search(len(offsets), func(k int) bool { return uint64(offsets[k]) >= off })
			if k == len(offsets) || uint64(offsets[k]) != off {
				return malformed(lineNo, "no synset at offset %d", off)
			}
			db.synRefs = append(db.synRefs, first+int32(k))
		}
		e := db.index.intern(lemma)
		if int(e) == len(db.entries) {
			db.entries = append(db.entries, indexEntry{})
		}
		db.entries[e][p] = sp
	}
	return nil
}

// parseExceptions reads an exception list: each line is an inflected form
// followed by its base forms. As in NLTK, a later line for the same form
// replaces an earlier one.
func parseExceptions(b []byte) map[string][]string {
	m := make(map[string][]string, bytes.Count(b, []byte{'\n'}))
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		f := fields{b: line}
		form := f.next()
		if len(form) == 0 {
			continue
		}
		var bases []string
		for w := f.next(); len(w) > 0; w = f.next() {
			bases = append(bases, string(w))
		}
		m[string(form)] = bases
	}
	return m
}

// fields splits a line at ASCII whitespace like Python's str.split().
type fields struct{ b []byte }

// next returns the next field, or nil at the end of the line.
func (f *fields) next() []byte {
	i := 0
	for i < len(f.b) && isSpace(f.b[i]) {
		i++
	}
	j := i
	for j < len(f.b) && !isSpace(f.b[j]) {
		j++
	}
	out := f.b[i:j]
	f.b = f.b[j:]
	if len(out) == 0 {
		return nil
	}
	return out
}

// isSpace reports whether c is whitespace for Python's str.split.
func isSpace(c byte) bool {
	return c == ' ' || ('\t' <= c && c <= '\r') || (0x1c <= c && c <= 0x1f)
}

// parseUint parses a non-empty unsigned number in the given base.
func parseUint(b []byte, base uint64) (uint64, bool) {
	if len(b) == 0 || len(b) > 16 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		n = n*base + d
	}
	return n, true
}
