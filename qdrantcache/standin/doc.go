// Package standin is a STAND-IN for a Qdrant server, for tests only: an
// in-process gRPC server that implements the small part of Qdrant's
// Collections, Points and Qdrant (health) services that the qdrantcache
// adapter uses, on the server interfaces generated in Qdrant's own Go
// client module, so that the real client talks to it unchanged.
//
// It is not Qdrant and does not try to be one. It keeps everything in
// memory, has no search, filters, named or sparse vectors, shards or
// snapshots (those RPCs answer Unimplemented or InvalidArgument), and it
// imitates only the behaviour the adapter depends on:
//
//   - collections of one unnamed dense vector per point, with a size and a
//     distance; Create on an existing name answers AlreadyExists and calls
//     on a missing collection answer NotFound, with Qdrant's messages;
//   - point ids are unsigned integers or UUIDs (answered in canonical
//     form); Upsert replaces whole points, and vectors of the wrong size
//     are rejected with InvalidArgument;
//   - vectors of a Cosine collection are normalized on upsert, as Qdrant
//     does, so a client that needs its vectors back unchanged must not use
//     Cosine;
//   - Options.APIKey makes every call but the health check require that key
//     in the "api-key" metadata, else Unauthenticated.
//
// For fault tests it can be stopped and restarted on the same address with
// its data kept, slowed down with SetDelay, and it counts the calls it
// receives by RPC name, so that tests can assert how a client batches.
//
// The real conformance run of qdrantcache against a Qdrant server is the
// reference; this stand-in exists because Qdrant cannot run where the
// project's tests run.
package standin
