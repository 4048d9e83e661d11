package org.dalil.nlp;

import org.dalil.flow.SourceLine;

/**
 * One line of a training file ({@code i18n/<language>.training.txt}).
 *
 * @param language the language of the file
 * @param label the topic the phrase teaches ({@code health}), or the kind of danger of an urgent
 *     phrase ({@code self_harm})
 * @param urgent whether the line is an urgent phrase ({@code [urgent reason]} section) rather than
 *     an example of a topic
 * @param text the phrase as written
 */
public record TrainingPhrase(String language, String label, boolean urgent, String text, SourceLine line) {}
