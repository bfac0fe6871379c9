package bleu_test

import (
	"errors"
	"fmt"

	"github.com/cecbench/cecbench/scoring/bleu"
)

func ExampleHF() {
	// 7 tokens each; 1- to 4-grams match 6/7, 4/6, 3/5, 2/4.
	r, err := bleu.HF("The jet stream is becoming weaker.", "The jet stream is becoming wavier.")
	if err != nil {
		panic(err)
	}
	fmt.Printf("bleu %.4f, precisions %.4f, BP %.1f\n", r.Score, r.Precisions, r.BrevityPenalty)

	_, err = bleu.HF("", "Seas rise.")
	fmt.Println(errors.Is(err, bleu.ErrUndefined))
	// Output:
	// bleu 0.6435, precisions [0.8571 0.6667 0.6000 0.5000], BP 1.0
	// true
}

func ExampleSacre() {
	// No 3-gram matches and the hypothesis has no 4-gram: HF gives 0,
	// sacreBLEU smooths the 3-gram precision to 100/(2*1) and, with
	// effective order, averages over orders 1 to 3 only.
	s := bleu.Sacre("Sea levels rise", "Sea levels are rising.")
	fmt.Printf("%.4f %v %v\n", s.Score, s.Counts, s.Totals)
	fmt.Println(bleu.SacreSignature)
	// Output:
	// 28.2544 [2 1 0 0] [3 2 1 0]
	// nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0
}

func ExampleHFCorpus() {
	r, err := bleu.HFCorpus(
		[]string{"a b c d", "a b"},
		[]string{"a b c d", "a b c d e f"},
	)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f (hyp %d, ref %d tokens)\n", r.Score, r.HypLen, r.RefLen)
	// Output: 0.5134 (hyp 6, ref 10 tokens)
}

func ExampleTokenize13a() {
	fmt.Printf("%q\n", bleu.Tokenize13a("Warming of 1.1°C (1850-1900 baseline), i.e. &quot;likely&quot;."))
	// Output: ["Warming" "of" "1.1°C" "(" "1850" "-" "1900" "baseline" ")" "," "i" "." "e" "." "\"" "likely" "\"" "."]
}
