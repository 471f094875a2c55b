-- A news article with its annotations; checked as a whole when built.
CREATE TABLE "articles" (
    "article_position" INTEGER NOT NULL,  -- The article's place in the load that wrote it, from 0.
    "article_id" TEXT NOT NULL,  -- A non-empty key, unique in a collection of articles.
    "headline" TEXT NOT NULL,  -- The headline.
    "alternative_headlines" TEXT NOT NULL,  -- Other headlines in the article's language (a subtitle, a headline for search or social media).
    "language" TEXT NOT NULL,  -- The BCP 47 tag of the article's language, such as ar.
    "kind" TEXT,  -- What kind of piece it is: news, opinion, analysis, a live blog, ...
    "url" TEXT,  -- The absolute http or https address of the article.
    "date_published" TEXT,  -- When it was published, with its UTC offset; or only the day (month, year) when that is all the source gives.
    "date_published_offset_minutes" INTEGER,  -- The UTC offset of date_published, in minutes.
    "date_published_partial" TEXT,  -- date_published when only a day, month or year is known: EDTF, earliest and latest day.
    "date_modified" TEXT,  -- When it was last changed, in the same way.
    "date_modified_offset_minutes" INTEGER,  -- The UTC offset of date_modified, in minutes.
    "date_modified_partial" TEXT,  -- date_modified when only a day, month or year is known: EDTF, earliest and latest day.
    "dateline" TEXT,  -- Where it says it was filed.
    "author_ids" TEXT NOT NULL,  -- Ids of the person or organization entities who wrote it.
    "publisher_id" TEXT,  -- The id of the organization entity that published it.
    "section" TEXT,  -- The section of the site or paper (Middle East, Sport, ...).
    "keywords" TEXT NOT NULL,  -- Keywords, as given.
    "summary" TEXT,  -- A short summary.
    "translations" TEXT NOT NULL,  -- The headline in other languages (not in the article's own).
    "comment_count" INTEGER,  -- The number of comments the page shows, which may be more than the comments captured.
    "provenance" TEXT,  -- Where it came from and how it was annotated.
    PRIMARY KEY ("article_id")
);
-- A run of paragraphs under one sub-heading (None for the lead, before any heading).
CREATE TABLE "sections" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "section_position" INTEGER NOT NULL,  -- The section's position in its list, from 0 (the model's order).
    "heading" TEXT,  -- The sub-heading as written, or None.
    "date_published" TEXT,  -- When it was posted, for an update of a live blog.
    "date_published_offset_minutes" INTEGER,  -- The UTC offset of date_published, in minutes.
    "date_published_partial" TEXT,  -- date_published when only a day, month or year is known: EDTF, earliest and latest day.
    PRIMARY KEY ("article_id", "section_position")
);
-- One paragraph of a section, its text exactly as written.
CREATE TABLE "paragraphs" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "paragraph_position" INTEGER NOT NULL,  -- The paragraph's position in its list, from 0 (the model's order).
    "section_position" INTEGER NOT NULL,  -- The section's position in its list, from 0 (the model's order).
    "text" TEXT NOT NULL,  -- The paragraph's text, exactly as written.
    PRIMARY KEY ("article_id", "paragraph_position", "section_position")
);
-- A person, organization, place or group that the article mentions.
CREATE TABLE "entities" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "entity_position" INTEGER NOT NULL,  -- The entity's position in its list, from 0 (the model's order).
    "entity_id" TEXT NOT NULL,  -- Unique within the article.
    "kind" TEXT NOT NULL,  -- What it is.
    "name" TEXT NOT NULL,  -- Its name in the article's language.
    "labels" TEXT NOT NULL,  -- Its name in other languages.
    "title" TEXT,  -- The role it held at the time, as the article gives it.
    "url" TEXT,  -- Its own page: a writer's page on the publisher's site, an organization's home.
    "same_as" TEXT NOT NULL,  -- URIs of the same thing elsewhere (Wikidata and the like).
    "suggested" TEXT,  -- Set while the entity is a program's suggestion, not yet confirmed.
    PRIMARY KEY ("article_id", "entity_position")
);
-- A topic the article is about, by name, by a code from a scheme, or by a URI.
CREATE TABLE "subjects" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "subject_position" INTEGER NOT NULL,  -- The subject's position in its list, from 0 (the model's order).
    "name" TEXT,  -- The topic's name, in the article's language.
    "code" TEXT,  -- Its code, led by its scheme's alias (medtop:11000000 for an IPTC media topic).
    "uri" TEXT,  -- The URI that names it (IPTC, Wikidata, a publisher's tag page).
    "labels" TEXT NOT NULL,  -- Its name in other languages.
    PRIMARY KEY ("article_id", "subject_position")
);
-- A picture, video or sound that goes with the article.
CREATE TABLE "media" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "media_position" INTEGER NOT NULL,  -- The media's position in its list, from 0 (the model's order).
    "url" TEXT NOT NULL,  -- Where it is: an absolute http or https address.
    "kind" TEXT NOT NULL,  -- Image, video, audio or other.
    "caption" TEXT,  -- Its caption, as published.
    "credit" TEXT,  -- Who made it or holds its rights, as credited.
    "width" INTEGER,  -- Its width in pixels.
    "height" INTEGER,  -- Its height in pixels.
    "content_type" TEXT,  -- Its media type, such as image/jpeg.
    PRIMARY KEY ("article_id", "media_position")
);
-- Where the article names an entity: a stretch of one paragraph.
CREATE TABLE "mentions" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "entity_position" INTEGER NOT NULL,  -- The entity's position in its list, from 0 (the model's order).
    "entity_id" TEXT NOT NULL,  -- The id of the entity the mention names.
    "mention_position" INTEGER NOT NULL,  -- The mention's position in its list, from 0 (the model's order).
    "paragraph" INTEGER NOT NULL,  -- The paragraph's number, counted from 0 across the whole body.
    "start" INTEGER NOT NULL,  -- The first code point, counted from 0.
    "end" INTEGER NOT NULL,  -- The code point after the last one.
    PRIMARY KEY ("article_id", "entity_position", "mention_position")
);
-- Something the article reports as said, and by whom.
CREATE TABLE "quotes" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "quote_position" INTEGER NOT NULL,  -- The quote's position in its list, from 0 (the model's order).
    "quote_id" TEXT NOT NULL,  -- Unique within the article.
    "text" TEXT NOT NULL,  -- What was said; for a direct quote with one span, exactly the span's text.
    "kind" TEXT NOT NULL,  -- Direct, indirect or mixed.
    "speaker_id" TEXT,  -- The id of the person, organization or group who said it, or None when the article does not say.
    "channel" TEXT,  -- Where it was said, when the article says.
    "date" TEXT,  -- When it was said, when the article says.
    "cue" TEXT,  -- The reporting verb as written (قال, أضاف, said).
    "suggested" TEXT,  -- Set while the quote is a program's suggestion, not yet confirmed.
    PRIMARY KEY ("article_id", "quote_position")
);
-- A figure the article cites.
CREATE TABLE "statistics" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "statistic_position" INTEGER NOT NULL,  -- The statistic's position in its list, from 0 (the model's order).
    "statistic_id" TEXT NOT NULL,  -- Unique within the article.
    "value_int" INTEGER,  -- The figure; an int stays an int.
    "value_float",  -- The figure; an int stays an int.
    "qualifier" TEXT NOT NULL,  -- How exact the text says it is.
    "value_max_int" INTEGER,  -- The upper end, for a range.
    "value_max_float",  -- The upper end, for a range.
    "unit" TEXT,  -- The unit as written (جندي, km²).
    "unit_code" TEXT,  -- The UN/CEFACT Recommendation 20 code of the unit, such as KMK.
    "measure" TEXT,  -- What is counted, in plain words.
    "subject_id" TEXT,  -- The id of the entity the figure is about.
    "source_id" TEXT,  -- The id of the entity the figure comes from.
    "date" TEXT,  -- The time the figure describes.
    "suggested" TEXT,  -- Set while the figure is a program's suggestion, not yet confirmed.
    PRIMARY KEY ("article_id", "statistic_position")
);
-- A campaign (military, political, ...) that the article recounts, with its phases.
CREATE TABLE "campaigns" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "campaign_position" INTEGER NOT NULL,  -- The campaign's position in its list, from 0 (the model's order).
    "campaign_id" TEXT NOT NULL,  -- Unique within the article.
    "name" TEXT NOT NULL,  -- Its name in the article's language.
    "labels" TEXT NOT NULL,  -- Its name in other languages.
    "start" TEXT,  -- The first code point, counted from 0.
    "end" TEXT,  -- The code point after the last one.
    PRIMARY KEY ("article_id", "campaign_position")
);
-- One phase of a campaign, numbered from 1 in order.
CREATE TABLE "phases" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "campaign_position" INTEGER NOT NULL,  -- The campaign's position in its list, from 0 (the model's order).
    "campaign_id" TEXT NOT NULL,  -- The id of the campaign the phase belongs to.
    "phase_position" INTEGER NOT NULL,  -- The phase's position in its list, from 0 (the model's order).
    "ordinal" INTEGER NOT NULL,  -- Its place in the campaign, 1 to n with no gaps.
    "name" TEXT NOT NULL,  -- Its name as the article gives it.
    "labels" TEXT NOT NULL,  -- Its name in other languages.
    "start" TEXT,  -- The first code point, counted from 0.
    "end" TEXT,  -- The code point after the last one.
    "description" TEXT,  -- What happened in it, in a few words.
    PRIMARY KEY ("article_id", "campaign_position", "phase_position")
);
-- A dated happening that the article recounts.
CREATE TABLE "events" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "event_position" INTEGER NOT NULL,  -- The event's position in its list, from 0 (the model's order).
    "event_id" TEXT NOT NULL,  -- Unique within the article.
    "name" TEXT NOT NULL,  -- What happened, in plain words.
    "date" TEXT NOT NULL,  -- When.
    "place_ids" TEXT NOT NULL,  -- Ids of the places where it happened.
    "participant_ids" TEXT NOT NULL,  -- Ids of the people, organizations and groups who took part.
    "campaign_id" TEXT,  -- The id of the campaign it belongs to.
    "phase_ordinal" INTEGER,  -- The ordinal of the campaign's phase it belongs to.
    PRIMARY KEY ("article_id", "event_position")
);
-- A reader comment captured with the article.
CREATE TABLE "comments" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "comment_position" INTEGER NOT NULL,  -- The comment's position in its list, from 0 (the model's order).
    "comment_id" TEXT NOT NULL,  -- Unique within the article.
    "text" TEXT NOT NULL,  -- The comment as written.
    "author" TEXT,  -- The name the commenter gave.
    "date_published" TEXT,  -- When it was posted.
    "date_published_offset_minutes" INTEGER,  -- The UTC offset of date_published, in minutes.
    "date_published_partial" TEXT,  -- date_published when only a day, month or year is known: EDTF, earliest and latest day.
    "reply_to_comment_id" TEXT,  -- The id of the comment it answers.
    PRIMARY KEY ("article_id", "comment_position")
);
-- Where a quote, figure, campaign, phase or event stands: a stretch of a paragraph.
CREATE TABLE "spans" (
    "article_id" TEXT NOT NULL,  -- The id of the article the row belongs to.
    "owner" TEXT NOT NULL,  -- What the span belongs to: quote, statistic, campaign, phase or event.
    "owner_position" INTEGER NOT NULL,  -- The position of what the span belongs to (a phase's: its campaign's).
    "phase_position" INTEGER,  -- The phase's position in its list, from 0 (the model's order).
    "owner_id" TEXT NOT NULL,  -- The id of what the span belongs to (a phase's: its campaign's).
    "span_position" INTEGER NOT NULL,  -- The span's position in its list, from 0 (the model's order).
    "paragraph" INTEGER NOT NULL,  -- The paragraph's number, counted from 0 across the whole body.
    "start" INTEGER NOT NULL,  -- The first code point, counted from 0.
    "end" INTEGER NOT NULL  -- The code point after the last one.
);
