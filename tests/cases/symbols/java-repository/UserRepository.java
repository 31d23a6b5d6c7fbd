package com.example.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory store of users, keyed by id.
 */
@Repository
@SuppressWarnings("unchecked")
public class UserRepository implements Repository<User, Long> {

    public static final int MAX_USERS = 10_000;
    private static final String TABLE = "users";

    private final Map<Long, User> byId = new ConcurrentHashMap<>();
    private long nextId = 1, version;

    /** Creates an empty repository. */
    public UserRepository() {
        this(new ArrayList<>());
    }

    public UserRepository(List<User> seed) {
        seed.forEach(this::save);
    }

    @Override
    public Optional<User> findById(Long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Users whose name starts with the prefix. */
    public List<User> find(String prefix) {
        return find(prefix, Integer.MAX_VALUE);
    }

    public List<User> find(String prefix, int limit) {
        List<User> out = new ArrayList<>();
        for (User u : byId.values()) {
            if (out.size() >= limit) {
                break;
            }
            if (u.name().startsWith(prefix)) {
                out.add(u);
            }
        }
        return out;
    }

    @Override
    public synchronized User save(User user) {
        if (byId.size() >= MAX_USERS) {
            throw new Full(MAX_USERS);
        }
        long id = user.id() != null ? user.id() : nextId++;
        User stored = user.withId(id);
        byId.put(id, stored);
        version++;
        return stored;
    }

    public <R> List<R> map(java.util.function.Function<? super User, R> f) {
        List<R> out = new ArrayList<>(byId.size());
        byId.values().forEach(u -> out.add(f.apply(u)));
        return out;
    }

    /** Thrown when the repository is full. */
    public static class Full extends RuntimeException {
        private final int limit;

        Full(int limit) {
            super("repository full: " + limit);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }

    /** A page of results. */
    public static final class Page<T> {
        final List<T> items;
        final int number;

        Page(List<T> items, int number) {
            this.items = items;
            this.number = number;
        }

        class Cursor {
            int position;

            boolean hasNext() {
                return position < items.size();
            }
        }
    }
}

interface Repository<T, ID> {
    Optional<T> findById(ID id);

    T save(T entity);

    default boolean exists(ID id) {
        return findById(id).isPresent();
    }
}
