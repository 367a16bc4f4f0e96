package io.ddbbackup.operator.testing;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time shared by several threads that moves only when every one of them waits for it. A thread
 * taking part either works, and time stands still, or sleeps until an instant; once all of them
 * sleep, the clock jumps to the earliest instant one of them waits for and wakes those due. So
 * whatever happens at one virtual instant happens before the next, however slowly a loaded machine
 * runs it, and a minute of waiting costs none.
 *
 * <p>Hand {@link #nanoTime} and {@link #sleepNanos} to the code under test (a {@code RateLimiter}'s
 * time and sleeper); count the threads in with {@link #enter} before any of them starts, and have
 * each {@link #leave} when it is done. The single-threaded tests need none of this: a counter that
 * a sleep advances is their virtual time (QuotaGateTest, RateLimiterTest).
 */
public final class VirtualTime {

  /** A sleeping thread: the instant it waits for, and its own signal (no herd woken each move). */
  private record WakeUp(long at, Condition signal) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<WakeUp> wakeUps =
      new PriorityQueue<>(Comparator.comparingLong(WakeUp::at));
  private long now;
  private int working;

  /** The virtual time, in nanoseconds from the start. */
  public long nanoTime() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code threads} more threads in, working; before they start, so none is missed. */
  public void enter(int threads) {
    lock.lock();
    try {
      working += threads;
    } finally {
      lock.unlock();
    }
  }

  /** The calling thread takes no more part: time may move without it. */
  public void leave() {
    lock.lock();
    try {
      working--;
      moveOnIfAllAsleep();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks the calling thread until the virtual time is {@code nanos} later than now. */
  public void sleepNanos(long nanos) throws InterruptedException {
    if (nanos <= 0) {
      return;
    }
    lock.lock();
    try {
      WakeUp wakeUp = new WakeUp(now + nanos, lock.newCondition());
      wakeUps.add(wakeUp);
      working--;
      moveOnIfAllAsleep();
      try {
        while (now < wakeUp.at()) {
          wakeUp.signal().await();
        }
      } catch (InterruptedException e) {
        if (now < wakeUp.at()) { // not woken: take back the wake-up, and the thread works again
          wakeUps.remove(wakeUp);
          working++;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private void moveOnIfAllAsleep() {
    if (working > 0 || wakeUps.isEmpty()) {
      return;
    }
    now = wakeUps.peek().at();
    // the woken count as working from this moment, before they run: otherwise the first of them to
    // sleep again could move time on while the others due now have not yet had their turn
    while (!wakeUps.isEmpty() && wakeUps.peek().at() <= now) {
      wakeUps.poll().signal().signal();
      working++;
    }
  }
}
