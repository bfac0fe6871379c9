package rediskv

// Every Redis key the store uses is built here. A namespace ns owns two
// keys, both carrying ns as the Redis Cluster hash tag so that the scripts
// and transactions that touch both stay on one slot:
//
//	PREFIX kv:{ns}:keys  sorted set of the keys, every score 0 (ordered bytewise)
//	PREFIX kv:{ns}:vals  hash of key -> value
//
// The fixed suffixes keep the two apart whatever bytes ns holds.

// keysKey is the sorted set that orders the keys of ns.
func (s *Store) keysKey(ns string) string { return s.prefix + "kv:{" + ns + "}:keys" }

// valsKey is the hash that holds the values of ns.
func (s *Store) valsKey(ns string) string { return s.prefix + "kv:{" + ns + "}:vals" }
