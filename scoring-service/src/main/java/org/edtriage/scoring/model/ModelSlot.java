package org.edtriage.scoring.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One role (champion or shadow) and the model filling it. {@link #swap} is atomic: a batch borrows the model
 * once with {@link #borrow} and runs entirely on it, so no record is scored by half a model, and the model
 * swapped out is closed only when its last batch has finished.
 */
public final class ModelSlot {
    private final String role;
    private final AtomicReference<LiveModel> current = new AtomicReference<>();

    public ModelSlot(String role) {
        this.role = role;
    }

    public String role() {
        return role;
    }

    /** The model for one batch, or empty; the caller must {@link LiveModel#release()} it. */
    public Optional<LiveModel> borrow() {
        while (true) {
            LiveModel m = current.get();
            if (m == null) {
                return Optional.empty();
            }
            if (m.tryAcquire()) {
                return Optional.of(m);
            }
            // swapped and closed between get and acquire: read the new one
        }
    }

    public Optional<ModelInfo> info() {
        return Optional.ofNullable(current.get()).map(LiveModel::info);
    }

    /** Puts {@code next} in place (null empties the slot) and lets go of the previous model. */
    public void swap(LiveModel next) {
        LiveModel previous = current.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
    }
}
