//! The reciprocity ledger: asks stay open until given or declined, and giving what was
//! asked settles the ask instead of adding a second entry.

use crate::support::*;
use serde_json::Value;

fn ledger(k: &Kith) -> Value {
    k.json(&["ledger", "Grace Hopper"])
}

/// The one entry of `kind` in the ledger.
fn entry<'a>(ledger: &'a Value, kind: &str) -> &'a Value {
    let found: Vec<&Value> =
        ledger["entries"].as_array().unwrap().iter().filter(|x| x["kind"] == kind).collect();
    assert_eq!(found.len(), 1, "expected one {kind} entry: {ledger}");
    found[0]
}

#[test]
fn their_ask_is_fulfilled_by_giving_it() {
    let k = Kith::new();
    let grace = k.add_person("Grace Hopper", &["--email", "grace@navy.example"]);

    let out = k.ok(&["asked", "Grace Hopper", "advice", "--note", "career move"]);
    assert_eq!(out, "Grace Hopper asked you for advice; open until given or declined\n");
    let l = ledger(&k);
    assert_eq!(l["person"], grace.as_str());
    assert_eq!(l["name"], "Grace Hopper");
    assert_eq!(len(&l["entries"]), 1);
    assert_eq!(l["totals"]["open_asks_from_them"], 1);
    assert_eq!(l["totals"]["open_asks_from_owner"], 0);
    assert_eq!(l["totals"]["given"], 0.0);
    let ask = entry(&l, "advice").clone();
    assert_eq!(ask["status"], "asked");
    assert_eq!(ask["giver"], "owner");
    assert_eq!(ask["closed_at"], Value::Null);

    let out = k.ok(&["gave", "Grace", "advice"]);
    assert!(out.starts_with("you gave Grace Hopper advice (1.0) — fulfilling the ask of "), "{out}");
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 1, "giving fulfils the ask, it adds no entry: {l}");
    let given = entry(&l, "advice");
    assert_eq!(given["id"], ask["id"], "the ask itself is settled");
    assert_eq!(given["status"], "given");
    assert_eq!(given["asked"], true);
    assert_eq!(given["note"], "career move");
    assert!(given["closed_at"].is_string(), "a fulfilled ask has a closing date: {given}");
    assert_eq!(l["totals"]["open_asks_from_them"], 0);
    assert_eq!(l["totals"]["given"], 1.0);
    assert_eq!(l["totals"]["balance"], 1.0);

    // With nothing open, giving adds a new entry.
    let x = k.json(&["gave", "grace@navy.example", "advice", "--weight", "2.5"]);
    assert_eq!(x["status"], "given");
    assert_eq!(x["asked"], false);
    assert_eq!(x["weight"], 2.5);
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 2);
    assert_eq!(l["totals"]["given"], 3.5);
}

#[test]
fn my_ask_is_fulfilled_by_getting_it() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);

    let out = k.ok(&["asked", "--mine", "Grace Hopper", "referral"]);
    assert_eq!(out, "you asked Grace Hopper for a referral; open until given or declined\n");
    let l = ledger(&k);
    assert_eq!(l["totals"]["open_asks_from_owner"], 1);
    assert_eq!(l["totals"]["open_asks_from_them"], 0);
    assert_eq!(entry(&l, "referral")["giver"], "them");

    // An open ask of another kind is left alone.
    k.ok(&["got", "Grace Hopper", "content"]);
    assert_eq!(len(&ledger(&k)["entries"]), 2);

    let out = k.ok(&["got", "Grace Hopper", "referral"]);
    assert!(out.starts_with("Grace Hopper gave you a referral (5.0) — fulfilling the ask of "), "{out}");
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 2, "getting fulfils my ask, it adds no entry: {l}");
    assert_eq!(entry(&l, "referral")["status"], "given");
    assert_eq!(l["totals"]["open_asks_from_owner"], 0);
    assert_eq!(l["totals"]["received"], 5.5);
    assert_eq!(l["totals"]["balance"], -5.5);
    assert_contains_all(
        &k.ok(&["ledger", "Grace Hopper"]),
        &[
            "Ledger with Grace Hopper",
            "referral",
            "content",
            "balance -5.5; open asks: 0 from them, 0 from you",
        ],
    );
}

#[test]
fn the_oldest_matching_ask_is_settled_first() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    let newer = k.json(&["asked", "Grace Hopper", "help", "--at", "2026-03-10", "--note", "newer"]);
    let older = k.json(&["asked", "Grace Hopper", "help", "--at", "2026-03-01", "--note", "older"]);
    let settled = k.json(&["gave", "Grace Hopper", "help"]);
    assert_eq!(settled["id"], older["id"]);
    let settled = k.json(&["declined", "Grace Hopper", "help"]);
    assert_eq!(settled["id"], newer["id"]);
    assert_eq!(settled["status"], "declined");
}

#[test]
fn declining_closes_an_ask() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    k.ok(&["asked", "Grace Hopper", "favor"]);
    let out = k.ok(&["declined", "Grace Hopper", "favor"]);
    assert_eq!(out, "you declined Grace Hopper's ask for a favor\n");
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 1);
    assert_eq!(entry(&l, "favor")["status"], "declined");
    assert!(entry(&l, "favor")["closed_at"].is_string());
    assert_eq!(l["totals"]["open_asks_from_them"], 0);
    assert_eq!(l["totals"]["declined_by_owner"], 1);
    assert_eq!(l["totals"]["given"], 0.0);

    k.ok(&["asked", "--mine", "Grace Hopper", "introduction"]);
    let out = k.ok(&["declined", "--mine", "Grace Hopper", "introduction"]);
    assert_eq!(out, "Grace Hopper declined your ask for an introduction\n");
    assert_eq!(ledger(&k)["totals"]["declined_by_them"], 1);

    // A declined ask is closed: giving now is a new entry, not a settlement.
    k.ok(&["gave", "Grace Hopper", "favor"]);
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 3);
    assert_eq!(l["totals"]["given"], 2.0);
}

#[test]
fn declining_without_an_open_ask_is_not_found() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    k.refused(&["declined", "Grace Hopper", "favor"], 3, &["no open ask from Grace Hopper for a favor"]);
    k.ok(&["asked", "Grace Hopper", "favor"]);
    k.ok(&["declined", "Grace Hopper", "favor"]);
    k.refused(&["declined", "Grace Hopper", "favor"], 3, &["no open ask", "favor"]);
    // Their open ask is not mine to decline.
    k.ok(&["asked", "Grace Hopper", "advice"]);
    k.refused(
        &["declined", "--mine", "Grace Hopper", "advice"],
        3,
        &["no open ask of yours to Grace Hopper for advice"],
    );
}

#[test]
fn ledger_input_is_checked() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    k.refused(&["gave", "Grace Hopper", "advice", "--weight=-1"], 2, &["weight"]);
    k.refused(&["asked", "Grace Hopper", "advice", "--at", "2999-01-01"], 2, &["in the future"]);
    k.refused(&["declined", "Grace Hopper", "advice", "--at", "tomorrow"], 2, &["tomorrow"]);
    k.refused(&["got", "Grace Hopper", "money"], 2, &["unknown exchange kind \"money\"", "introduction"]);
    k.refused(&["gave", "Nobody Atall", "advice"], 3, &["no person matches \"Nobody Atall\""]);
}

#[test]
fn fulfilling_an_ask_keeps_the_giving_weight_and_note() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    k.ok(&["asked", "Grace Hopper", "introduction", "--note", "to a data lead"]);
    k.ok(&["gave", "Grace Hopper", "introduction", "--weight", "10", "--note", "to Bob"]);
    let l = ledger(&k);
    let intro = entry(&l, "introduction");
    assert_eq!(intro["status"], "given");
    assert_eq!(intro["weight"], 10.0);
    assert_eq!(intro["note"], "to Bob");
    assert_eq!(l["totals"]["given"], 10.0);
}

#[test]
fn a_giving_dated_before_the_ask_does_not_settle_it() {
    let k = Kith::new();
    k.add_person("Grace Hopper", &[]);
    k.ok(&["asked", "Grace Hopper", "advice", "--at", "2026-03-10"]);
    k.ok(&["gave", "Grace Hopper", "advice", "--at", "2026-03-01"]);
    let l = ledger(&k);
    assert_eq!(len(&l["entries"]), 2, "the earlier giving is its own entry");
    assert_eq!(l["totals"]["open_asks_from_them"], 1, "the ask is still open");
    k.refused(
        &["declined", "Grace Hopper", "advice", "--at", "2026-03-05"],
        3,
        &["no open ask from Grace Hopper for advice as of 2026-03-05"],
    );
}
