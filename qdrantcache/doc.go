// Package qdrantcache is a scoring.EmbeddingCache on Qdrant, through
// Qdrant's official Go client over gRPC, so that replicas share the
// sentence vectors they computed.
//
// Layout: one collection per namespace (the embedder's signature), named
// from CollectionPrefix, a readable short form of the namespace and a hash
// of it, created on the first Put with the size of the vectors put. A
// sentence is one point whose id is derived from a hash of the namespace
// and the text, with the payload {"text": text, "signature": namespace}.
// Get checks that payload, so a point of another text or embedder (a hash
// collision, or a collection shared by mistake) is a miss, never a wrong
// vector.
//
// Collections use Dot distance, not Cosine: Qdrant normalizes the vectors
// of a Cosine collection when they are stored, and a cache must return
// the vectors it was given, bit for bit. Nothing here searches by
// similarity, so the distance is otherwise unused.
//
// Every Get is one retrieve call and every Put one upsert (with wait), in
// chunks only above 1,000 points or 16 MiB, plus a create on a
// namespace's first Put. Each call is bounded by
// Config.Timeout, and an error that means the server could not be reached
// or did not answer in time wraps ErrUnavailable, so that a caller can
// treat the cache as absent and carry on.
package qdrantcache
