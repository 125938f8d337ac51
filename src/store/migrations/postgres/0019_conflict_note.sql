-- Why a supervisor resolved a conflict as they did (issue #18): required when both claims go on.
ALTER TABLE recovery_conflicts ADD COLUMN resolution_note TEXT NOT NULL DEFAULT '';
