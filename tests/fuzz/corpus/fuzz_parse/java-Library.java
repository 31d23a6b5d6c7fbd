package org.example.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small library catalogue.
 */
public class Library {
    public enum Genre { FICTION, SCIENCE, HISTORY }

    public record Book(String title, String author, int year, Genre genre) {
        public Book {
            if (year < 0) {
                throw new IllegalArgumentException("year must be >= 0: " + year);
            }
        }
    }

    private final List<Book> books = new ArrayList<>();

    public void add(Book book) {
        books.add(book);
    }

    public Optional<Book> oldest() {
        return books.stream().min((a, b) -> Integer.compare(a.year(), b.year()));
    }

    public List<String> titlesBy(String author) {
        return books.stream()
                .filter(b -> b.author().equals(author))
                .map(Book::title)
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Library[\n");
        for (Book b : books) {
            sb.append('\t').append(b.title()).append(" (\"").append(b.year()).append("\")\n");
        }
        return sb.append(']').toString();
    }

    public static void main(String[] args) {
        Library lib = new Library();
        lib.add(new Book("Dune", "Herbert", 1965, Genre.FICTION));
        lib.add(new Book("Cosmos", "Sagan", 1980, Genre.SCIENCE));
        int[][] grid = {{1, 2}, {3, 4}};
        switch (grid.length) {
            case 2 -> System.out.println(lib);
            default -> System.out.println("unexpected");
        }
        lib.oldest().ifPresent(b -> System.out.printf("%s%n", b.title()));
    }
}
