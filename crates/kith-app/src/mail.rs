//! What mail import found: correspondents and messages kept out.
