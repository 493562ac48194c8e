-- sources: 3ccc51101955d9ff18e0cce342b32ceb583eb2ad8f4067ebd7ffc738df1881fe
CREATE TABLE card_tally (
	deck_id INTEGER NOT NULL, 
	answered BOOLEAN NOT NULL, 
	suspended BOOLEAN NOT NULL, 
	retired BOOLEAN NOT NULL, 
	leech BOOLEAN NOT NULL, 
	cards INTEGER NOT NULL, 
	PRIMARY KEY (deck_id, answered, suspended, retired, leech)
)
-- next
CREATE TABLE deck (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	title VARCHAR, 
	source VARCHAR, 
	tags VARCHAR NOT NULL, 
	new_per_day INTEGER NOT NULL, 
	reviews_per_day INTEGER NOT NULL, 
	desired_retention FLOAT NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
)
-- next
CREATE TABLE due_tally (
	deck_id INTEGER NOT NULL, 
	day VARCHAR NOT NULL, 
	cards INTEGER NOT NULL, 
	PRIMARY KEY (deck_id, day)
)
 WITHOUT ROWID


-- next
CREATE TABLE forecast_tally (
	grain INTEGER NOT NULL, 
	learning BOOLEAN NOT NULL, 
	slot VARCHAR NOT NULL, 
	cards INTEGER NOT NULL, 
	PRIMARY KEY (grain, learning, slot)
)
 WITHOUT ROWID


-- next
CREATE TABLE note_tally (
	deck_id INTEGER NOT NULL, 
	notes INTEGER NOT NULL, 
	PRIMARY KEY (deck_id)
)
-- next
CREATE TABLE review_tally (
	deck_id INTEGER NOT NULL, 
	prior_state VARCHAR NOT NULL, 
	answers INTEGER NOT NULL, 
	passed INTEGER NOT NULL, 
	young INTEGER NOT NULL, 
	young_passed INTEGER NOT NULL, 
	mature INTEGER NOT NULL, 
	mature_passed INTEGER NOT NULL, 
	PRIMARY KEY (deck_id, prior_state)
)
-- next
CREATE TABLE setting (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
)
-- next
CREATE TABLE note (
	id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	word VARCHAR NOT NULL, 
	ipa VARCHAR, 
	pos VARCHAR NOT NULL, 
	definition VARCHAR NOT NULL, 
	synonyms VARCHAR NOT NULL, 
	example VARCHAR NOT NULL, 
	syllables VARCHAR NOT NULL, 
	forms VARCHAR, 
	edited VARCHAR, 
	example_spans VARCHAR, 
	position INTEGER NOT NULL, 
	line INTEGER NOT NULL, 
	in_source BOOLEAN NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	cut VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (deck_id, "key"), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
)
-- next
CREATE TABLE card (
	id INTEGER NOT NULL, 
	note_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	state VARCHAR NOT NULL, 
	step INTEGER, 
	stability FLOAT, 
	difficulty FLOAT, 
	due VARCHAR(26), 
	last_review VARCHAR(26), 
	reps INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	suspended BOOLEAN NOT NULL, 
	leech BOOLEAN NOT NULL, 
	buried_until VARCHAR(26), 
	retired BOOLEAN NOT NULL, 
	context_turn INTEGER NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (note_id, kind), 
	FOREIGN KEY(note_id) REFERENCES note (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
)
-- next
CREATE INDEX ix_card_aside ON card (deck_id, suspended, leech, retired) WHERE suspended = 1 OR leech = 1
-- next
CREATE INDEX ix_card_counts ON card (deck_id, state, due, id, buried_until, note_id, suspended, retired) WHERE suspended = 0 AND retired = 0
-- next
CREATE INDEX ix_card_buried_at ON card (buried_until, deck_id, state, due) WHERE buried_until IS NOT NULL AND suspended = 0 AND retired = 0
-- next
CREATE INDEX ix_card_buried ON card (buried_until, due, state, deck_id, suspended, retired) WHERE buried_until > due
-- next
CREATE INDEX ix_card_due ON card (state, due) WHERE suspended = 0 AND retired = 0
-- next
CREATE TABLE context (
	id INTEGER NOT NULL, 
	note_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	sentence VARCHAR NOT NULL, 
	spans VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (note_id, position), 
	FOREIGN KEY(note_id) REFERENCES note (id)
)
-- next
CREATE VIRTUAL TABLE note_search USING fts5(word, pos, definition, synonyms, example, contexts, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6', content = '', detail = column)
-- next
CREATE TABLE note_search_pending (note_id INTEGER PRIMARY KEY)
-- next
CREATE INDEX ix_note_browse ON note (deck_id, position, id)
-- next
CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (new.id); END
-- next
CREATE TRIGGER note_search_update BEFORE UPDATE OF word, pos, definition, synonyms, example ON note BEGIN INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = old.id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = old.id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (old.id); END
-- next
CREATE TRIGGER note_search_delete BEFORE DELETE ON note BEGIN INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = old.id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = old.id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (old.id); END
-- next
CREATE TRIGGER context_search_insert BEFORE INSERT ON context BEGIN INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = new.note_id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = new.note_id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (new.note_id); END
-- next
CREATE TRIGGER context_search_delete BEFORE DELETE ON context BEGIN INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = old.note_id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = old.note_id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (old.note_id); END
-- next
CREATE TRIGGER context_search_update BEFORE UPDATE OF sentence, note_id ON context BEGIN INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = old.note_id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = old.note_id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (old.note_id); INSERT INTO note_search (note_search, rowid, word, pos, definition, synonyms, example, contexts) SELECT 'delete', id, word, pos, definition, synonyms, example, coalesce((SELECT group_concat(sentence, char(10)) FROM context WHERE context.note_id = note.id), '') FROM note WHERE id = new.note_id AND NOT EXISTS (SELECT 1 FROM note_search_pending WHERE note_id = new.note_id); INSERT OR IGNORE INTO note_search_pending (note_id) VALUES (new.note_id); END
-- next
CREATE TABLE quiz_result (
	id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	note_id INTEGER NOT NULL, 
	quiz VARCHAR NOT NULL, 
	sentence VARCHAR NOT NULL, 
	mode VARCHAR NOT NULL, 
	answer VARCHAR NOT NULL, 
	correct BOOLEAN NOT NULL, 
	answered_at VARCHAR(26) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id), 
	FOREIGN KEY(note_id) REFERENCES note (id)
)
-- next
CREATE INDEX ix_quiz_result_note_id ON quiz_result (note_id)
-- next
CREATE INDEX ix_quiz_result_deck_id ON quiz_result (deck_id)
-- next
CREATE TABLE review_log (
	id INTEGER NOT NULL, 
	card_id INTEGER NOT NULL, 
	deck_id INTEGER, 
	rating INTEGER NOT NULL, 
	reviewed_at VARCHAR(26) NOT NULL, 
	duration_ms INTEGER, 
	answer VARCHAR, 
	grade VARCHAR, 
	shown VARCHAR, 
	state_before VARCHAR NOT NULL, 
	prior_state VARCHAR, 
	state VARCHAR NOT NULL, 
	due VARCHAR(26), 
	stability FLOAT, 
	difficulty FLOAT, 
	buried_note_until VARCHAR(26), 
	undone BOOLEAN NOT NULL, 
	source VARCHAR, 
	anki_id INTEGER, 
	counted_as VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(card_id) REFERENCES card (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
)
-- next
CREATE INDEX ix_review_log_day ON review_log (reviewed_at, deck_id, prior_state, undone)
-- next
CREATE INDEX ix_review_log_card ON review_log (card_id, reviewed_at)
-- next
CREATE TRIGGER review_tally_undone AFTER UPDATE OF undone ON review_log WHEN NEW.undone != OLD.undone BEGIN INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) VALUES (coalesce(NEW.deck_id, 0), coalesce(NEW.prior_state, ''), CASE WHEN NEW.undone THEN -1 ELSE 1 END, CASE WHEN NEW.undone THEN -1 ELSE 1 END * (NEW.rating != 1), 0, 0, 0, 0) ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, -1 * (review_log.counted_as IS 'young'), -1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), -1 * (review_log.counted_as IS 'mature'), -1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = NEW.id AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed;UPDATE review_log SET counted_as = CASE WHEN undone = 0 AND prior_state = 'review' THEN (SELECT CASE WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) < 21 THEN 'young' WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) >= 21 THEN 'mature' END FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0 AND p.reviewed_at <= review_log.reviewed_at AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id) ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END WHERE id = NEW.id;INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, 1 * (review_log.counted_as IS 'young'), 1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), 1 * (review_log.counted_as IS 'mature'), 1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = NEW.id AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, -1 * (review_log.counted_as IS 'young'), -1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), -1 * (review_log.counted_as IS 'mature'), -1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed;UPDATE review_log SET counted_as = CASE WHEN undone = 0 AND prior_state = 'review' THEN (SELECT CASE WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) < 21 THEN 'young' WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) >= 21 THEN 'mature' END FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0 AND p.reviewed_at <= review_log.reviewed_at AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id) ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1);INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, 1 * (review_log.counted_as IS 'young'), 1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), 1 * (review_log.counted_as IS 'mature'), 1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; END
-- next
CREATE TRIGGER review_tally_delete AFTER DELETE ON review_log WHEN OLD.undone = 0 BEGIN INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) VALUES (coalesce(OLD.deck_id, 0), coalesce(OLD.prior_state, ''), -1, -1 * (OLD.rating != 1), 0, 0, 0, 0) ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed;INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(OLD.deck_id, 0), coalesce(OLD.prior_state, ''), 0, 0, -1 * (OLD.counted_as IS 'young'), -1 * (OLD.counted_as IS 'young' AND OLD.rating != 1), -1 * (OLD.counted_as IS 'mature'), -1 * (OLD.counted_as IS 'mature' AND OLD.rating != 1) WHERE OLD.counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, -1 * (review_log.counted_as IS 'young'), -1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), -1 * (review_log.counted_as IS 'mature'), -1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = OLD.card_id AND n.undone = 0 AND n.reviewed_at >= OLD.reviewed_at AND (n.reviewed_at > OLD.reviewed_at OR n.id > OLD.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed;UPDATE review_log SET counted_as = CASE WHEN undone = 0 AND prior_state = 'review' THEN (SELECT CASE WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) < 21 THEN 'young' WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) >= 21 THEN 'mature' END FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0 AND p.reviewed_at <= review_log.reviewed_at AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id) ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = OLD.card_id AND n.undone = 0 AND n.reviewed_at >= OLD.reviewed_at AND (n.reviewed_at > OLD.reviewed_at OR n.id > OLD.id) ORDER BY n.reviewed_at, n.id LIMIT 1);INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, 1 * (review_log.counted_as IS 'young'), 1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), 1 * (review_log.counted_as IS 'mature'), 1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = OLD.card_id AND n.undone = 0 AND n.reviewed_at >= OLD.reviewed_at AND (n.reviewed_at > OLD.reviewed_at OR n.id > OLD.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; END
-- next
CREATE TRIGGER card_tally_insert AFTER INSERT ON card BEGIN INSERT INTO card_tally (deck_id, answered, suspended, retired, leech, cards) VALUES (NEW.deck_id, NEW.state != 'new', NEW.suspended, NEW.retired, NEW.leech, 1) ON CONFLICT (deck_id, answered, suspended, retired, leech) DO UPDATE SET cards = cards + excluded.cards; END
-- next
CREATE TRIGGER card_tally_delete AFTER DELETE ON card BEGIN INSERT INTO card_tally (deck_id, answered, suspended, retired, leech, cards) VALUES (OLD.deck_id, OLD.state != 'new', OLD.suspended, OLD.retired, OLD.leech, -1) ON CONFLICT (deck_id, answered, suspended, retired, leech) DO UPDATE SET cards = cards + excluded.cards; END
-- next
CREATE TRIGGER card_tally_update AFTER UPDATE OF deck_id, state, suspended, retired, leech ON card WHEN (OLD.deck_id) IS NOT (NEW.deck_id) OR (OLD.state != 'new') IS NOT (NEW.state != 'new') OR (OLD.suspended) IS NOT (NEW.suspended) OR (OLD.retired) IS NOT (NEW.retired) OR (OLD.leech) IS NOT (NEW.leech) BEGIN INSERT INTO card_tally (deck_id, answered, suspended, retired, leech, cards) VALUES (OLD.deck_id, OLD.state != 'new', OLD.suspended, OLD.retired, OLD.leech, -1) ON CONFLICT (deck_id, answered, suspended, retired, leech) DO UPDATE SET cards = cards + excluded.cards; INSERT INTO card_tally (deck_id, answered, suspended, retired, leech, cards) VALUES (NEW.deck_id, NEW.state != 'new', NEW.suspended, NEW.retired, NEW.leech, 1) ON CONFLICT (deck_id, answered, suspended, retired, leech) DO UPDATE SET cards = cards + excluded.cards; END
-- next
CREATE TRIGGER note_tally_insert AFTER INSERT ON note BEGIN INSERT INTO note_tally (deck_id, notes) VALUES (NEW.deck_id, 1) ON CONFLICT (deck_id) DO UPDATE SET notes = notes + excluded.notes; END
-- next
CREATE TRIGGER note_tally_delete AFTER DELETE ON note BEGIN INSERT INTO note_tally (deck_id, notes) VALUES (OLD.deck_id, -1) ON CONFLICT (deck_id) DO UPDATE SET notes = notes + excluded.notes; END
-- next
CREATE TRIGGER note_tally_update AFTER UPDATE OF deck_id ON note WHEN OLD.deck_id IS NOT NEW.deck_id BEGIN INSERT INTO note_tally (deck_id, notes) VALUES (OLD.deck_id, -1) ON CONFLICT (deck_id) DO UPDATE SET notes = notes + excluded.notes; INSERT INTO note_tally (deck_id, notes) VALUES (NEW.deck_id, 1) ON CONFLICT (deck_id) DO UPDATE SET notes = notes + excluded.notes; END
-- next
CREATE TRIGGER due_tally_insert AFTER INSERT ON card WHEN NEW.state = 'review' AND NEW.suspended = 0 AND NEW.retired = 0 AND NEW.due IS NOT NULL BEGIN INSERT INTO due_tally (deck_id, day, cards) SELECT NEW.deck_id, substr(NEW.due, 1, 10), 1 WHERE NEW.state = 'review' AND NEW.suspended = 0 AND NEW.retired = 0 AND NEW.due IS NOT NULL ON CONFLICT (deck_id, day) DO UPDATE SET cards = cards + 1; END
-- next
CREATE TRIGGER due_tally_delete AFTER DELETE ON card WHEN OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL BEGIN UPDATE due_tally SET cards = cards - 1 WHERE OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL AND deck_id = OLD.deck_id AND day = substr(OLD.due, 1, 10); DELETE FROM due_tally WHERE OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL AND deck_id = OLD.deck_id AND day = substr(OLD.due, 1, 10) AND cards <= 0; END
-- next
CREATE TRIGGER due_tally_update AFTER UPDATE OF deck_id, state, due, suspended, retired ON card WHEN (CASE WHEN OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL THEN OLD.deck_id || ' ' || substr(OLD.due, 1, 10) END) IS NOT (CASE WHEN NEW.state = 'review' AND NEW.suspended = 0 AND NEW.retired = 0 AND NEW.due IS NOT NULL THEN NEW.deck_id || ' ' || substr(NEW.due, 1, 10) END) BEGIN UPDATE due_tally SET cards = cards - 1 WHERE OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL AND deck_id = OLD.deck_id AND day = substr(OLD.due, 1, 10); DELETE FROM due_tally WHERE OLD.state = 'review' AND OLD.suspended = 0 AND OLD.retired = 0 AND OLD.due IS NOT NULL AND deck_id = OLD.deck_id AND day = substr(OLD.due, 1, 10) AND cards <= 0; INSERT INTO due_tally (deck_id, day, cards) SELECT NEW.deck_id, substr(NEW.due, 1, 10), 1 WHERE NEW.state = 'review' AND NEW.suspended = 0 AND NEW.retired = 0 AND NEW.due IS NOT NULL ON CONFLICT (deck_id, day) DO UPDATE SET cards = cards + 1; END
-- next
CREATE TRIGGER forecast_tally_insert AFTER INSERT ON card WHEN (NEW.state = 'review' OR NEW.state = 'learning' OR NEW.state = 'relearning') AND NEW.suspended = 0 AND NEW.retired = 0 BEGIN INSERT INTO forecast_tally (grain, learning, slot, cards) VALUES (0, (NEW.state != 'review'), coalesce(substr(NEW.due, 1, 10), ''), 1), (1, (NEW.state != 'review'), coalesce(substr(NEW.due, 1, 15), ''), 1) ON CONFLICT (grain, learning, slot) DO UPDATE SET cards = cards + excluded.cards; END
-- next
CREATE TRIGGER forecast_tally_delete AFTER DELETE ON card WHEN (OLD.state = 'review' OR OLD.state = 'learning' OR OLD.state = 'relearning') AND OLD.suspended = 0 AND OLD.retired = 0 BEGIN INSERT INTO forecast_tally (grain, learning, slot, cards) VALUES (0, (OLD.state != 'review'), coalesce(substr(OLD.due, 1, 10), ''), -1), (1, (OLD.state != 'review'), coalesce(substr(OLD.due, 1, 15), ''), -1) ON CONFLICT (grain, learning, slot) DO UPDATE SET cards = cards + excluded.cards; DELETE FROM forecast_tally WHERE grain = 0 AND learning = (OLD.state != 'review') AND slot = coalesce(substr(OLD.due, 1, 10), '') AND cards = 0; DELETE FROM forecast_tally WHERE grain = 1 AND learning = (OLD.state != 'review') AND slot = coalesce(substr(OLD.due, 1, 15), '') AND cards = 0; END
-- next
CREATE TRIGGER forecast_tally_update_old AFTER UPDATE OF state, due, suspended, retired ON card WHEN (OLD.state = 'review' OR OLD.state = 'learning' OR OLD.state = 'relearning') AND OLD.suspended = 0 AND OLD.retired = 0 AND (CASE WHEN (OLD.state = 'review' OR OLD.state = 'learning' OR OLD.state = 'relearning') AND OLD.suspended = 0 AND OLD.retired = 0 THEN (OLD.state != 'review') || coalesce(substr(OLD.due, 1, 15), '') END) IS NOT (CASE WHEN (NEW.state = 'review' OR NEW.state = 'learning' OR NEW.state = 'relearning') AND NEW.suspended = 0 AND NEW.retired = 0 THEN (NEW.state != 'review') || coalesce(substr(NEW.due, 1, 15), '') END) BEGIN INSERT INTO forecast_tally (grain, learning, slot, cards) VALUES (0, (OLD.state != 'review'), coalesce(substr(OLD.due, 1, 10), ''), -1), (1, (OLD.state != 'review'), coalesce(substr(OLD.due, 1, 15), ''), -1) ON CONFLICT (grain, learning, slot) DO UPDATE SET cards = cards + excluded.cards; DELETE FROM forecast_tally WHERE grain = 0 AND learning = (OLD.state != 'review') AND slot = coalesce(substr(OLD.due, 1, 10), '') AND cards = 0; DELETE FROM forecast_tally WHERE grain = 1 AND learning = (OLD.state != 'review') AND slot = coalesce(substr(OLD.due, 1, 15), '') AND cards = 0; END
-- next
CREATE TRIGGER forecast_tally_update_new AFTER UPDATE OF state, due, suspended, retired ON card WHEN (NEW.state = 'review' OR NEW.state = 'learning' OR NEW.state = 'relearning') AND NEW.suspended = 0 AND NEW.retired = 0 AND (CASE WHEN (OLD.state = 'review' OR OLD.state = 'learning' OR OLD.state = 'relearning') AND OLD.suspended = 0 AND OLD.retired = 0 THEN (OLD.state != 'review') || coalesce(substr(OLD.due, 1, 15), '') END) IS NOT (CASE WHEN (NEW.state = 'review' OR NEW.state = 'learning' OR NEW.state = 'relearning') AND NEW.suspended = 0 AND NEW.retired = 0 THEN (NEW.state != 'review') || coalesce(substr(NEW.due, 1, 15), '') END) BEGIN INSERT INTO forecast_tally (grain, learning, slot, cards) VALUES (0, (NEW.state != 'review'), coalesce(substr(NEW.due, 1, 10), ''), 1), (1, (NEW.state != 'review'), coalesce(substr(NEW.due, 1, 15), ''), 1) ON CONFLICT (grain, learning, slot) DO UPDATE SET cards = cards + excluded.cards; END
-- next
CREATE TRIGGER note_cut_stale AFTER UPDATE OF word, ipa, pos, definition ON note WHEN NEW.cut IS NOT NULL AND NEW.cut IS OLD.cut AND (NEW.word IS NOT OLD.word OR NEW.ipa IS NOT OLD.ipa OR NEW.pos IS NOT OLD.pos OR NEW.definition IS NOT OLD.definition) BEGIN UPDATE note SET cut = NULL WHERE id = NEW.id; END
-- next
CREATE TRIGGER review_tally_insert_count AFTER INSERT ON review_log WHEN NEW.undone = 0 BEGIN INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) VALUES (coalesce(NEW.deck_id, 0), coalesce(NEW.prior_state, ''), 1, 1 * (NEW.rating != 1), 0, 0, 0, 0) ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; END
-- next
CREATE TRIGGER review_tally_insert_group AFTER INSERT ON review_log WHEN NEW.undone = 0 AND (NEW.prior_state = 'review' OR NEW.counted_as IS NOT NULL) BEGIN UPDATE review_log SET counted_as = CASE WHEN undone = 0 AND prior_state = 'review' THEN (SELECT CASE WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) < 21 THEN 'young' WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) >= 21 THEN 'mature' END FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0 AND p.reviewed_at <= review_log.reviewed_at AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id) ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END WHERE id = NEW.id;INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, 1 * (review_log.counted_as IS 'young'), 1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), 1 * (review_log.counted_as IS 'mature'), 1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = NEW.id AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; END
-- next
CREATE TRIGGER review_tally_insert_next AFTER INSERT ON review_log WHEN NEW.undone = 0 AND EXISTS (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1) BEGIN INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, -1 * (review_log.counted_as IS 'young'), -1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), -1 * (review_log.counted_as IS 'mature'), -1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed;UPDATE review_log SET counted_as = CASE WHEN undone = 0 AND prior_state = 'review' THEN (SELECT CASE WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) < 21 THEN 'young' WHEN julianday(review_log.reviewed_at) - julianday(p.reviewed_at) >= 21 THEN 'mature' END FROM review_log AS p WHERE p.card_id = review_log.card_id AND p.undone = 0 AND p.reviewed_at <= review_log.reviewed_at AND (p.reviewed_at < review_log.reviewed_at OR p.id < review_log.id) ORDER BY p.reviewed_at DESC, p.id DESC LIMIT 1) END WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1);INSERT INTO review_tally (deck_id, prior_state, answers, passed, young, young_passed, mature, mature_passed) SELECT coalesce(review_log.deck_id, 0), coalesce(review_log.prior_state, ''), 0, 0, 1 * (review_log.counted_as IS 'young'), 1 * (review_log.counted_as IS 'young' AND review_log.rating != 1), 1 * (review_log.counted_as IS 'mature'), 1 * (review_log.counted_as IS 'mature' AND review_log.rating != 1) FROM review_log WHERE id = (SELECT n.id FROM review_log AS n WHERE n.card_id = NEW.card_id AND n.undone = 0 AND n.reviewed_at >= NEW.reviewed_at AND (n.reviewed_at > NEW.reviewed_at OR n.id > NEW.id) ORDER BY n.reviewed_at, n.id LIMIT 1) AND counted_as IS NOT NULL ON CONFLICT (deck_id, prior_state) DO UPDATE SET answers = answers + excluded.answers, passed = passed + excluded.passed, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed; END