package rediskv_test

import (
	"context"
	"fmt"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/cecbench/cecbench/kv/rediskv"
)

// A store on the Redis named by REDIS_URL, its keys under "cecbench:".
func ExampleNew() {
	opt, err := redis.ParseURL("redis://127.0.0.1:6379/0")
	if err != nil {
		log.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	s := rediskv.New(c, "cecbench:")

	ctx := context.Background()
	if err := s.Put(ctx, "teacher", "claim/0001", []byte(`{"explanation":"..."}`)); err != nil {
		log.Fatal(err)
	}
	entries, err := s.List(ctx, "teacher", "", 100)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Key)
	}
}
