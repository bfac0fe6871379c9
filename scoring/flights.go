package scoring

import "sync"

// flights tracks sentences being embedded right now, so that concurrent
// requests for the same sentence embed it once.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one sentence in the embedder; done is closed when vec or err
// is set.
type flight struct {
	key, text string
	done      chan struct{}
	vec       []float32
	err       error
}

// claim splits texts into the flights this caller must embed (own) and
// those another caller is already embedding (waiting).
func (fs *flights) claim(ns string, texts []string) (own, waiting []*flight) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, t := range texts {
		k := ns + "\x00" + t
		if f, ok := fs.m[k]; ok {
			waiting = append(waiting, f)
			continue
		}
		f := &flight{key: k, text: t, done: make(chan struct{})}
		fs.m[k] = f
		own = append(own, f)
	}
	return own, waiting
}

// land publishes the outcome of the caller's own flights and forgets them;
// the vectors are in the cache by now, so later requests hit it.
func (fs *flights) land(own []*flight, vecs [][]float32, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range own {
		if err != nil {
			f.err = err
		} else {
			f.vec = vecs[i]
		}
		delete(fs.m, f.key)
		close(f.done)
	}
}
