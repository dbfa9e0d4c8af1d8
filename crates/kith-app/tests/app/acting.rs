//! Use cases of this area, on a real database.

use crate::support::fresh;
use kith_app::stages::{StageInput, change};
use kith_core::{Door, NewPerson, Stage};

/// No ghosting: an ending with no farewell is refused and writes nothing; said to have
/// been delivered another way, it is recorded with a check-in when the door stays open.
#[tokio::test]
async fn an_ending_needs_a_farewell() {
    let (_dir, ctx) = fresh("2026-06-01T12:00:00+00:00[UTC]").await;
    let ada = NewPerson { name: "Ada Lovelace".into(), ..NewPerson::default() };
    let ada = ctx.store.add_person(&ada, ctx.now_ts()).await.expect("stored");
    let open = StageInput { door: Some(Door::Open), every_days: Some(90), ..StageInput::default() };
    let refused = change(&ctx, "Ada Lovelace", Stage::Ended, open.clone()).await;
    assert!(refused.is_err(), "an ending without a farewell must be refused");
    assert!(ctx.store.transitions(&ada.id).await.unwrap().is_empty());

    let delivered = StageInput { delivered: Some("over coffee".into()), ..open };
    let ended = change(&ctx, "Ada Lovelace", Stage::Ended, delivered).await.expect("ended");
    assert_eq!(ended.transition.to, Stage::Ended);
    let checkin = ended.checkin.expect("a check-in, the door being open");
    assert_eq!(checkin.every_days, Some(90));
}
