package boltkv_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/cecbench/cecbench/boltdb"
	"github.com/cecbench/cecbench/kv/boltkv"
)

func ExampleNew() {
	dir, err := os.MkdirTemp("", "cecbench-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := boltdb.Open(filepath.Join(dir, "cecbench.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	s := boltkv.New(db)
	for _, k := range []string{"claim/0002", "claim/0001", "claim/0003"} {
		if err := s.Put(ctx, "teacher", k, []byte("explanation of "+k)); err != nil {
			log.Fatal(err)
		}
	}
	page, err := s.List(ctx, "teacher", "claim/0001", 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(page[0].Key, string(page[0].Value))
	// Output: claim/0002 explanation of claim/0002
}
