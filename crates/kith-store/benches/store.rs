//! Store throughput on the paths bulk work will lean on: recording a batch of
//! interactions, loading everyone, and taking a snapshot.
//!
//! Run with `cargo bench -p kith-store`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use kith_core::{Channel, Direction, Identity, NewInteraction, NewPerson, PersonId};
use kith_store::{OpenMode, Store};
use std::sync::Arc;
use tempfile::TempDir;
use tokio::runtime::Runtime;

const PEOPLE: usize = 1_000;
const BATCH: usize = 2_000;

fn now() -> Timestamp {
    "2026-06-01T12:00:00Z".parse().expect("valid")
}

/// A fresh database with `PEOPLE` people, each with an email and a tag.
async fn populated() -> (TempDir, Arc<dyn Store>, Vec<PersonId>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let location = dir.path().join("bench.db");
    let store = kith_store::open(location.to_str().expect("UTF-8 path"), OpenMode::CreateIfMissing)
        .await
        .expect("open");
    let mut ids = Vec::with_capacity(PEOPLE);
    for n in 0..PEOPLE {
        let mut p = NewPerson::named(&format!("Person {n}")).expect("name");
        p.identities.push(Identity::email(&format!("p{n}@example.com")).expect("email"));
        p.tags.push("bench".into());
        ids.push(store.add_person(&p, now()).await.expect("add").id);
    }
    (dir, store, ids)
}

/// `BATCH` emails spread over the people, with source keys unique to `round`.
fn interactions(ids: &[PersonId], round: usize) -> Vec<NewInteraction> {
    (0..BATCH)
        .map(|n| {
            let at = now() - SignedDuration::from_mins(n as i64 * 37);
            let mut i = NewInteraction::new(
                at,
                Channel::Email,
                Direction::Out,
                vec![ids[n % ids.len()].clone()],
                now(),
            )
            .expect("valid");
            i.source_key = Some(format!("<{round}.{n}@bench.example>"));
            i
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let (_dir, store, ids) = rt.block_on(populated());
    let store = &store;

    let (_read_dir, read_store, read_ids) = rt.block_on(populated());
    rt.block_on(read_store.record_interactions(&interactions(&read_ids, 0))).expect("record");

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut round = 0;
    group.bench_function("record_interactions: 2000 new in one batch", |b| {
        b.to_async(&rt).iter_batched(
            || {
                round += 1;
                interactions(&ids, round)
            },
            |batch| async move { store.record_interactions(&batch).await.expect("record") },
            BatchSize::PerIteration,
        )
    });
    let repeated = interactions(&ids, 0);
    rt.block_on(store.record_interactions(&repeated)).expect("record");
    group.bench_function("record_interactions: 2000 already present", |b| {
        b.to_async(&rt).iter(|| async { store.record_interactions(&repeated).await.expect("record") })
    });
    group.throughput(Throughput::Elements(PEOPLE as u64));
    group.bench_function("people: 1000 with identities and tags", |b| {
        b.to_async(&rt).iter(|| async { read_store.people().await.expect("people") })
    });
    group.bench_function("snapshot: 1000 people, 2000 interactions", |b| {
        b.to_async(&rt).iter(|| async { read_store.snapshot().await.expect("snapshot") })
    });
    group.finish();
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
