package dev.bahe.examples.data;

import java.util.List;

/**
 * One interest topic of the synthetic world with the words its texts are composed from.
 *
 * @param name topic name, e.g. {@code "coffee"}
 * @param modifiers adjectives of product phrases ({@code "organic"}, {@code "cold-brew"})
 * @param products product nouns ({@code "matcha latte powder"})
 * @param queries search queries ({@code "matcha latte near me"})
 * @param verdicts review endings ({@code "smooth and not bitter"})
 */
record Topic(String name, List<String> modifiers, List<String> products, List<String> queries,
    List<String> verdicts) {

  Topic {
    modifiers = List.copyOf(modifiers);
    products = List.copyOf(products);
    queries = List.copyOf(queries);
    verdicts = List.copyOf(verdicts);
  }
}
