"""Support's read-only, audited view of every studio: status, diagnosis in plain words, history."""
