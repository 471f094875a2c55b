CREATE TABLE "articles" (
    "article_position" bigint NOT NULL,
    "article_id" text NOT NULL,
    "headline" text NOT NULL,
    "alternative_headlines" text[] NOT NULL,
    "language" text NOT NULL,
    "kind" text,
    "url" text,
    "date_published" timestamptz,
    "date_published_offset_minutes" smallint,
    "date_published_partial" jsonb,
    "date_modified" timestamptz,
    "date_modified_offset_minutes" smallint,
    "date_modified_partial" jsonb,
    "dateline" jsonb,
    "author_ids" text[] NOT NULL,
    "publisher_id" text,
    "section" text,
    "keywords" text[] NOT NULL,
    "summary" text,
    "translations" jsonb NOT NULL,
    "comment_count" bigint,
    "provenance" jsonb,
    PRIMARY KEY ("article_id")
);
CREATE INDEX ON "articles" ("article_position");
COMMENT ON TABLE "articles" IS 'A news article with its annotations; checked as a whole when built.';
COMMENT ON COLUMN "articles"."article_position" IS 'The article''s place in the load that wrote it, from 0.';
COMMENT ON COLUMN "articles"."article_id" IS 'A non-empty key, unique in a collection of articles.';
COMMENT ON COLUMN "articles"."headline" IS 'The headline.';
COMMENT ON COLUMN "articles"."alternative_headlines" IS 'Other headlines in the article''s language (a subtitle, a headline for search or social media).';
COMMENT ON COLUMN "articles"."language" IS 'The BCP 47 tag of the article''s language, such as ar.';
COMMENT ON COLUMN "articles"."kind" IS 'What kind of piece it is: news, opinion, analysis, a live blog, ...';
COMMENT ON COLUMN "articles"."url" IS 'The absolute http or https address of the article.';
COMMENT ON COLUMN "articles"."date_published" IS 'When it was published, with its UTC offset; or only the day (month, year) when that is all the source gives.';
COMMENT ON COLUMN "articles"."date_published_offset_minutes" IS 'The UTC offset of date_published, in minutes.';
COMMENT ON COLUMN "articles"."date_published_partial" IS 'date_published when only a day, month or year is known: EDTF, earliest and latest day.';
COMMENT ON COLUMN "articles"."date_modified" IS 'When it was last changed, in the same way.';
COMMENT ON COLUMN "articles"."date_modified_offset_minutes" IS 'The UTC offset of date_modified, in minutes.';
COMMENT ON COLUMN "articles"."date_modified_partial" IS 'date_modified when only a day, month or year is known: EDTF, earliest and latest day.';
COMMENT ON COLUMN "articles"."dateline" IS 'Where it says it was filed.';
COMMENT ON COLUMN "articles"."author_ids" IS 'Ids of the person or organization entities who wrote it.';
COMMENT ON COLUMN "articles"."publisher_id" IS 'The id of the organization entity that published it.';
COMMENT ON COLUMN "articles"."section" IS 'The section of the site or paper (Middle East, Sport, ...).';
COMMENT ON COLUMN "articles"."keywords" IS 'Keywords, as given.';
COMMENT ON COLUMN "articles"."summary" IS 'A short summary.';
COMMENT ON COLUMN "articles"."translations" IS 'The headline in other languages (not in the article''s own).';
COMMENT ON COLUMN "articles"."comment_count" IS 'The number of comments the page shows, which may be more than the comments captured.';
COMMENT ON COLUMN "articles"."provenance" IS 'Where it came from and how it was annotated.';
CREATE TABLE "sections" (
    "article_id" text NOT NULL,
    "section_position" bigint NOT NULL,
    "heading" text,
    "date_published" timestamptz,
    "date_published_offset_minutes" smallint,
    "date_published_partial" jsonb,
    PRIMARY KEY ("article_id", "section_position")
);
COMMENT ON TABLE "sections" IS 'A run of paragraphs under one sub-heading (None for the lead, before any heading).';
COMMENT ON COLUMN "sections"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "sections"."section_position" IS 'The section''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "sections"."heading" IS 'The sub-heading as written, or None.';
COMMENT ON COLUMN "sections"."date_published" IS 'When it was posted, for an update of a live blog.';
COMMENT ON COLUMN "sections"."date_published_offset_minutes" IS 'The UTC offset of date_published, in minutes.';
COMMENT ON COLUMN "sections"."date_published_partial" IS 'date_published when only a day, month or year is known: EDTF, earliest and latest day.';
CREATE TABLE "paragraphs" (
    "article_id" text NOT NULL,
    "paragraph_position" bigint NOT NULL,
    "section_position" bigint NOT NULL,
    "text" text NOT NULL,
    PRIMARY KEY ("article_id", "paragraph_position", "section_position")
);
COMMENT ON TABLE "paragraphs" IS 'One paragraph of a section, its text exactly as written.';
COMMENT ON COLUMN "paragraphs"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "paragraphs"."paragraph_position" IS 'The paragraph''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "paragraphs"."section_position" IS 'The section''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "paragraphs"."text" IS 'The paragraph''s text, exactly as written.';
CREATE TABLE "entities" (
    "article_id" text NOT NULL,
    "entity_position" bigint NOT NULL,
    "entity_id" text NOT NULL,
    "kind" text NOT NULL,
    "name" text NOT NULL,
    "labels" jsonb NOT NULL,
    "title" text,
    "url" text,
    "same_as" text[] NOT NULL,
    "suggested" jsonb,
    PRIMARY KEY ("article_id", "entity_position")
);
COMMENT ON TABLE "entities" IS 'A person, organization, place or group that the article mentions.';
COMMENT ON COLUMN "entities"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "entities"."entity_position" IS 'The entity''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "entities"."entity_id" IS 'Unique within the article.';
COMMENT ON COLUMN "entities"."kind" IS 'What it is.';
COMMENT ON COLUMN "entities"."name" IS 'Its name in the article''s language.';
COMMENT ON COLUMN "entities"."labels" IS 'Its name in other languages.';
COMMENT ON COLUMN "entities"."title" IS 'The role it held at the time, as the article gives it.';
COMMENT ON COLUMN "entities"."url" IS 'Its own page: a writer''s page on the publisher''s site, an organization''s home.';
COMMENT ON COLUMN "entities"."same_as" IS 'URIs of the same thing elsewhere (Wikidata and the like).';
COMMENT ON COLUMN "entities"."suggested" IS 'Set while the entity is a program''s suggestion, not yet confirmed.';
CREATE TABLE "subjects" (
    "article_id" text NOT NULL,
    "subject_position" bigint NOT NULL,
    "name" text,
    "code" text,
    "uri" text,
    "labels" jsonb NOT NULL,
    PRIMARY KEY ("article_id", "subject_position")
);
COMMENT ON TABLE "subjects" IS 'A topic the article is about, by name, by a code from a scheme, or by a URI.';
COMMENT ON COLUMN "subjects"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "subjects"."subject_position" IS 'The subject''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "subjects"."name" IS 'The topic''s name, in the article''s language.';
COMMENT ON COLUMN "subjects"."code" IS 'Its code, led by its scheme''s alias (medtop:11000000 for an IPTC media topic).';
COMMENT ON COLUMN "subjects"."uri" IS 'The URI that names it (IPTC, Wikidata, a publisher''s tag page).';
COMMENT ON COLUMN "subjects"."labels" IS 'Its name in other languages.';
CREATE TABLE "media" (
    "article_id" text NOT NULL,
    "media_position" bigint NOT NULL,
    "url" text NOT NULL,
    "kind" text NOT NULL,
    "caption" text,
    "credit" text,
    "width" bigint,
    "height" bigint,
    "content_type" text,
    PRIMARY KEY ("article_id", "media_position")
);
COMMENT ON TABLE "media" IS 'A picture, video or sound that goes with the article.';
COMMENT ON COLUMN "media"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "media"."media_position" IS 'The media''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "media"."url" IS 'Where it is: an absolute http or https address.';
COMMENT ON COLUMN "media"."kind" IS 'Image, video, audio or other.';
COMMENT ON COLUMN "media"."caption" IS 'Its caption, as published.';
COMMENT ON COLUMN "media"."credit" IS 'Who made it or holds its rights, as credited.';
COMMENT ON COLUMN "media"."width" IS 'Its width in pixels.';
COMMENT ON COLUMN "media"."height" IS 'Its height in pixels.';
COMMENT ON COLUMN "media"."content_type" IS 'Its media type, such as image/jpeg.';
CREATE TABLE "mentions" (
    "article_id" text NOT NULL,
    "entity_position" bigint NOT NULL,
    "entity_id" text NOT NULL,
    "mention_position" bigint NOT NULL,
    "paragraph" bigint NOT NULL,
    "start" bigint NOT NULL,
    "end" bigint NOT NULL,
    PRIMARY KEY ("article_id", "entity_position", "mention_position")
);
COMMENT ON TABLE "mentions" IS 'Where the article names an entity: a stretch of one paragraph.';
COMMENT ON COLUMN "mentions"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "mentions"."entity_position" IS 'The entity''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "mentions"."entity_id" IS 'The id of the entity the mention names.';
COMMENT ON COLUMN "mentions"."mention_position" IS 'The mention''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "mentions"."paragraph" IS 'The paragraph''s number, counted from 0 across the whole body.';
COMMENT ON COLUMN "mentions"."start" IS 'The first code point, counted from 0.';
COMMENT ON COLUMN "mentions"."end" IS 'The code point after the last one.';
CREATE TABLE "quotes" (
    "article_id" text NOT NULL,
    "quote_position" bigint NOT NULL,
    "quote_id" text NOT NULL,
    "text" text NOT NULL,
    "kind" text NOT NULL,
    "speaker_id" text,
    "channel" text,
    "date" jsonb,
    "cue" text,
    "suggested" jsonb,
    PRIMARY KEY ("article_id", "quote_position")
);
COMMENT ON TABLE "quotes" IS 'Something the article reports as said, and by whom.';
COMMENT ON COLUMN "quotes"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "quotes"."quote_position" IS 'The quote''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "quotes"."quote_id" IS 'Unique within the article.';
COMMENT ON COLUMN "quotes"."text" IS 'What was said; for a direct quote with one span, exactly the span''s text.';
COMMENT ON COLUMN "quotes"."kind" IS 'Direct, indirect or mixed.';
COMMENT ON COLUMN "quotes"."speaker_id" IS 'The id of the person, organization or group who said it, or None when the article does not say.';
COMMENT ON COLUMN "quotes"."channel" IS 'Where it was said, when the article says.';
COMMENT ON COLUMN "quotes"."date" IS 'When it was said, when the article says.';
COMMENT ON COLUMN "quotes"."cue" IS 'The reporting verb as written (قال, أضاف, said).';
COMMENT ON COLUMN "quotes"."suggested" IS 'Set while the quote is a program''s suggestion, not yet confirmed.';
CREATE TABLE "statistics" (
    "article_id" text NOT NULL,
    "statistic_position" bigint NOT NULL,
    "statistic_id" text NOT NULL,
    "value_int" bigint,
    "value_float" double precision,
    "qualifier" text NOT NULL,
    "value_max_int" bigint,
    "value_max_float" double precision,
    "unit" text,
    "unit_code" text,
    "measure" text,
    "subject_id" text,
    "source_id" text,
    "date" jsonb,
    "suggested" jsonb,
    PRIMARY KEY ("article_id", "statistic_position")
);
COMMENT ON TABLE "statistics" IS 'A figure the article cites.';
COMMENT ON COLUMN "statistics"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "statistics"."statistic_position" IS 'The statistic''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "statistics"."statistic_id" IS 'Unique within the article.';
COMMENT ON COLUMN "statistics"."value_int" IS 'The figure; an int stays an int.';
COMMENT ON COLUMN "statistics"."value_float" IS 'The figure; an int stays an int.';
COMMENT ON COLUMN "statistics"."qualifier" IS 'How exact the text says it is.';
COMMENT ON COLUMN "statistics"."value_max_int" IS 'The upper end, for a range.';
COMMENT ON COLUMN "statistics"."value_max_float" IS 'The upper end, for a range.';
COMMENT ON COLUMN "statistics"."unit" IS 'The unit as written (جندي, km²).';
COMMENT ON COLUMN "statistics"."unit_code" IS 'The UN/CEFACT Recommendation 20 code of the unit, such as KMK.';
COMMENT ON COLUMN "statistics"."measure" IS 'What is counted, in plain words.';
COMMENT ON COLUMN "statistics"."subject_id" IS 'The id of the entity the figure is about.';
COMMENT ON COLUMN "statistics"."source_id" IS 'The id of the entity the figure comes from.';
COMMENT ON COLUMN "statistics"."date" IS 'The time the figure describes.';
COMMENT ON COLUMN "statistics"."suggested" IS 'Set while the figure is a program''s suggestion, not yet confirmed.';
CREATE TABLE "campaigns" (
    "article_id" text NOT NULL,
    "campaign_position" bigint NOT NULL,
    "campaign_id" text NOT NULL,
    "name" text NOT NULL,
    "labels" jsonb NOT NULL,
    "start" jsonb,
    "end" jsonb,
    PRIMARY KEY ("article_id", "campaign_position")
);
COMMENT ON TABLE "campaigns" IS 'A campaign (military, political, ...) that the article recounts, with its phases.';
COMMENT ON COLUMN "campaigns"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "campaigns"."campaign_position" IS 'The campaign''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "campaigns"."campaign_id" IS 'Unique within the article.';
COMMENT ON COLUMN "campaigns"."name" IS 'Its name in the article''s language.';
COMMENT ON COLUMN "campaigns"."labels" IS 'Its name in other languages.';
COMMENT ON COLUMN "campaigns"."start" IS 'The first code point, counted from 0.';
COMMENT ON COLUMN "campaigns"."end" IS 'The code point after the last one.';
CREATE TABLE "phases" (
    "article_id" text NOT NULL,
    "campaign_position" bigint NOT NULL,
    "campaign_id" text NOT NULL,
    "phase_position" bigint NOT NULL,
    "ordinal" bigint NOT NULL,
    "name" text NOT NULL,
    "labels" jsonb NOT NULL,
    "start" jsonb,
    "end" jsonb,
    "description" text,
    PRIMARY KEY ("article_id", "campaign_position", "phase_position")
);
COMMENT ON TABLE "phases" IS 'One phase of a campaign, numbered from 1 in order.';
COMMENT ON COLUMN "phases"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "phases"."campaign_position" IS 'The campaign''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "phases"."campaign_id" IS 'The id of the campaign the phase belongs to.';
COMMENT ON COLUMN "phases"."phase_position" IS 'The phase''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "phases"."ordinal" IS 'Its place in the campaign, 1 to n with no gaps.';
COMMENT ON COLUMN "phases"."name" IS 'Its name as the article gives it.';
COMMENT ON COLUMN "phases"."labels" IS 'Its name in other languages.';
COMMENT ON COLUMN "phases"."start" IS 'The first code point, counted from 0.';
COMMENT ON COLUMN "phases"."end" IS 'The code point after the last one.';
COMMENT ON COLUMN "phases"."description" IS 'What happened in it, in a few words.';
CREATE TABLE "events" (
    "article_id" text NOT NULL,
    "event_position" bigint NOT NULL,
    "event_id" text NOT NULL,
    "name" text NOT NULL,
    "date" jsonb NOT NULL,
    "place_ids" text[] NOT NULL,
    "participant_ids" text[] NOT NULL,
    "campaign_id" text,
    "phase_ordinal" bigint,
    PRIMARY KEY ("article_id", "event_position")
);
COMMENT ON TABLE "events" IS 'A dated happening that the article recounts.';
COMMENT ON COLUMN "events"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "events"."event_position" IS 'The event''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "events"."event_id" IS 'Unique within the article.';
COMMENT ON COLUMN "events"."name" IS 'What happened, in plain words.';
COMMENT ON COLUMN "events"."date" IS 'When.';
COMMENT ON COLUMN "events"."place_ids" IS 'Ids of the places where it happened.';
COMMENT ON COLUMN "events"."participant_ids" IS 'Ids of the people, organizations and groups who took part.';
COMMENT ON COLUMN "events"."campaign_id" IS 'The id of the campaign it belongs to.';
COMMENT ON COLUMN "events"."phase_ordinal" IS 'The ordinal of the campaign''s phase it belongs to.';
CREATE TABLE "comments" (
    "article_id" text NOT NULL,
    "comment_position" bigint NOT NULL,
    "comment_id" text NOT NULL,
    "text" text NOT NULL,
    "author" text,
    "date_published" timestamptz,
    "date_published_offset_minutes" smallint,
    "date_published_partial" jsonb,
    "reply_to_comment_id" text,
    PRIMARY KEY ("article_id", "comment_position")
);
COMMENT ON TABLE "comments" IS 'A reader comment captured with the article.';
COMMENT ON COLUMN "comments"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "comments"."comment_position" IS 'The comment''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "comments"."comment_id" IS 'Unique within the article.';
COMMENT ON COLUMN "comments"."text" IS 'The comment as written.';
COMMENT ON COLUMN "comments"."author" IS 'The name the commenter gave.';
COMMENT ON COLUMN "comments"."date_published" IS 'When it was posted.';
COMMENT ON COLUMN "comments"."date_published_offset_minutes" IS 'The UTC offset of date_published, in minutes.';
COMMENT ON COLUMN "comments"."date_published_partial" IS 'date_published when only a day, month or year is known: EDTF, earliest and latest day.';
COMMENT ON COLUMN "comments"."reply_to_comment_id" IS 'The id of the comment it answers.';
CREATE TABLE "spans" (
    "article_id" text NOT NULL,
    "owner" text NOT NULL,
    "owner_position" bigint NOT NULL,
    "phase_position" bigint,
    "owner_id" text NOT NULL,
    "span_position" bigint NOT NULL,
    "paragraph" bigint NOT NULL,
    "start" bigint NOT NULL,
    "end" bigint NOT NULL
);
COMMENT ON TABLE "spans" IS 'Where a quote, figure, campaign, phase or event stands: a stretch of a paragraph.';
COMMENT ON COLUMN "spans"."article_id" IS 'The id of the article the row belongs to.';
COMMENT ON COLUMN "spans"."owner" IS 'What the span belongs to: quote, statistic, campaign, phase or event.';
COMMENT ON COLUMN "spans"."owner_position" IS 'The position of what the span belongs to (a phase''s: its campaign''s).';
COMMENT ON COLUMN "spans"."phase_position" IS 'The phase''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "spans"."owner_id" IS 'The id of what the span belongs to (a phase''s: its campaign''s).';
COMMENT ON COLUMN "spans"."span_position" IS 'The span''s position in its list, from 0 (the model''s order).';
COMMENT ON COLUMN "spans"."paragraph" IS 'The paragraph''s number, counted from 0 across the whole body.';
COMMENT ON COLUMN "spans"."start" IS 'The first code point, counted from 0.';
COMMENT ON COLUMN "spans"."end" IS 'The code point after the last one.';
