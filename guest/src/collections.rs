//! The guest's ordered maps and sets: `indexmap` with a fixed (not randomly seeded) fast hasher,
//! so iteration is insertion-ordered and nothing depends on a random seed.

pub type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;
pub type IndexSet<T> = indexmap::IndexSet<T, rustc_hash::FxBuildHasher>;
