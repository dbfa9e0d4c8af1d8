//! Facts the data cannot show, mutes and the owner's declared changes.
