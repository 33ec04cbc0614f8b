package io.lottor.samples.demo;

/** One line of the story: who ({@code side}) did what. */
record StoryLine(String side, String text) {
}
