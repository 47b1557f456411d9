//! Verification: phases, SMTP session, credentials, reports (text, json, junit).
