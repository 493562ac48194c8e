-- sources: c8164b7337bbf6a25d657caba5ec9781da77aaaefe7c0ff095e06ce1f7c3887e
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
	PRIMARY KEY (id), 
	UNIQUE (deck_id, "key"), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
)
-- next
CREATE INDEX ix_note_deck_id ON note (deck_id)
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
CREATE INDEX ix_card_deck_queue ON card (deck_id, state, due)
-- next
CREATE INDEX ix_card_queue ON card (state, due)
-- next
CREATE INDEX ix_card_note_id ON card (note_id)
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
CREATE INDEX ix_context_note_id ON context (note_id)
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
	PRIMARY KEY (id), 
	FOREIGN KEY(card_id) REFERENCES card (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
)
-- next
CREATE INDEX ix_review_log_card_id ON review_log (card_id)
-- next
CREATE INDEX ix_review_log_day ON review_log (reviewed_at, deck_id, prior_state, undone)