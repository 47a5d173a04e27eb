package dev.helpdesk.reports;

import java.util.Arrays;

/** The figures of one day, dimension and key, as stored in report_days. */
final class Cell {

  int created;
  int resolved;
  int slaMet;
  int good;
  int bad;
  IntList firstResponse = new IntList();
  IntList resolution = new IntList();

  void add(Cell o) {
    created += o.created;
    resolved += o.resolved;
    slaMet += o.slaMet;
    good += o.good;
    bad += o.bad;
    firstResponse.addAll(o.firstResponse);
    resolution.addAll(o.resolution);
  }

  /** A growable int array; medians by selection, not by sorting everything. */
  static final class IntList {
    int[] values = new int[8];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(IntList o) {
      if (size + o.size > values.length) {
        values = Arrays.copyOf(values, Math.max(values.length * 2, size + o.size));
      }
      System.arraycopy(o.values, 0, values, size, o.size);
      size += o.size;
    }

    /** Sorted, each value as the varint of its difference from the one before (values are never negative). */
    byte[] encode() {
      int[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size * 2 + 4);
      int previous = 0;
      for (int v : sorted) {
        int delta = v - previous;
        previous = v;
        while ((delta & ~0x7F) != 0) {
          out.write((delta & 0x7F) | 0x80);
          delta >>>= 7;
        }
        out.write(delta);
      }
      return out.toByteArray();
    }

    /** Adds the values {@link #encode} wrote. */
    void decode(byte[] bytes) {
      if (bytes == null) {
        return;
      }
      int previous = 0;
      int i = 0;
      while (i < bytes.length) {
        int delta = 0;
        int shift = 0;
        byte b;
        do {
          b = bytes[i++];
          delta |= (b & 0x7F) << shift;
          shift += 7;
        } while (b < 0);
        previous += delta;
        add(previous);
      }
    }

    /** The lower median (as SQL percentile_disc(0.5)), or null when empty. */
    Long median() {
      if (size == 0) {
        return null;
      }
      int[] copy = Arrays.copyOf(values, size);
      int k = (size - 1) / 2;
      return (long) select(copy, k);
    }

    private static int select(int[] a, int k) {
      int lo = 0;
      int hi = a.length - 1;
      java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
      while (lo < hi) {
        int pivot = a[lo + random.nextInt(hi - lo + 1)];
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (a[i] < pivot) {
            i++;
          }
          while (a[j] > pivot) {
            j--;
          }
          if (i <= j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
          }
        }
        if (k <= j) {
          hi = j;
        } else if (k >= i) {
          lo = i;
        } else {
          return a[k];
        }
      }
      return a[k];
    }
  }
}
