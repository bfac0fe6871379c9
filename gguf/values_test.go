package gguf

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

func TestValueRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		value any
	}{
		{"uint8", uint8(200)},
		{"int8", int8(-100)},
		{"uint16", uint16(60000)},
		{"int16", int16(-30000)},
		{"uint32", uint32(4_000_000_000)},
		{"int32", int32(-2_000_000_000)},
		{"float32", float32(3.25)},
		{"float32 NaN bits", math.Float32frombits(0x7fc00001)},
		{"bool true", true},
		{"bool false", false},
		{"string", "héllo ▁world"},
		{"empty string", ""},
		{"uint64", uint64(math.MaxUint64)},
		{"int64", int64(math.MinInt64)},
		{"float64", -1.5e300},
		{"[]uint8", []uint8{0, 1, 255}},
		{"[]int8", []int8{-128, 0, 127}},
		{"[]uint16", []uint16{1, 65535}},
		{"[]int16", []int16{-32768, 32767}},
		{"[]uint32", []uint32{1, 2, 3}},
		{"[]int32", []int32{-1, 0, 1}},
		{"[]float32", []float32{0.5, -2, 1e-30}},
		{"[]bool", []bool{true, false, true}},
		{"[]string", []string{"<unk>", "", "▁the"}},
		{"[]uint64", []uint64{math.MaxUint64, 0}},
		{"[]int64", []int64{math.MinInt64, math.MaxInt64}},
		{"[]float64", []float64{math.Inf(1), 0, -0.25}},
		{"empty []float32", []float32{}},
		{"empty []string", []string{}},
		{"[]any of arrays", []any{[]int32{1, 2}, []string{"a"}, []any{[]bool{true}}}},
		{"empty []any", []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, []KV{{Key: "k", Value: tt.value}}, nil); err != nil {
				t.Fatal(err)
			}
			f, err := ReadHeader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := f.Value("k")
			if !ok {
				t.Fatal("key k missing")
			}
			if !sameValue(got, tt.value) {
				t.Errorf("got %#v, want %#v", got, tt.value)
			}
		})
	}
}

// sameValue reports whether a and b have the same Go type and the same
// encoding, so NaNs compare by their bits.
func sameValue(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	ea, errA := appendValue(nil, a, 0)
	eb, errB := appendValue(nil, b, 0)
	return errA == nil && errB == nil && bytes.Equal(ea, eb)
}

func TestKVOrderAndAccessors(t *testing.T) {
	kv := []KV{
		{"general.architecture", "llama"},
		{"u8", uint8(7)},
		{"i32", int32(-3)},
		{"i64", int64(9)},
		{"f32", float32(0.5)},
		{"s", "text"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, kv, nil); err != nil {
		t.Fatal(err)
	}
	f, err := ReadHeader(&buf) // not seekable: no size known
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.KV, kv) {
		t.Fatalf("KV = %#v, want %#v", f.KV, kv)
	}
	if f.Version != 3 || f.Alignment != DefaultAlignment {
		t.Errorf("version %d alignment %d, want 3 and %d", f.Version, f.Alignment, DefaultAlignment)
	}
	if got := f.Architecture(); got != "llama" {
		t.Errorf("Architecture() = %q", got)
	}
	uints := []struct {
		key  string
		want uint64
		ok   bool
	}{
		{"u8", 7, true}, {"i64", 9, true}, {"i32", 0, false}, {"f32", 0, false}, {"missing", 0, false},
	}
	for _, u := range uints {
		if got, ok := f.Uint(u.key); got != u.want || ok != u.ok {
			t.Errorf("Uint(%q) = %d, %v; want %d, %v", u.key, got, ok, u.want, u.ok)
		}
	}
	floats := []struct {
		key  string
		want float64
		ok   bool
	}{
		{"f32", 0.5, true}, {"i32", -3, true}, {"s", 0, false},
	}
	for _, fl := range floats {
		if got, ok := f.Float(fl.key); got != fl.want || ok != fl.ok {
			t.Errorf("Float(%q) = %v, %v; want %v, %v", fl.key, got, ok, fl.want, fl.ok)
		}
	}
	if s, ok := f.String("s"); s != "text" || !ok {
		t.Errorf("String(s) = %q, %v", s, ok)
	}
	if _, ok := f.String("u8"); ok {
		t.Error("String(u8) reported a string")
	}
}
