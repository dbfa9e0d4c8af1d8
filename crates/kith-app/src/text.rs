//! Reading sentences: the speech-act classifier, trained and evaluated.
