package org.nn4j.nn.init;

/** The draw a random or variance-scaling initializer makes. */
public enum Distribution {
    UNIFORM,
    NORMAL,
    /** Normal with draws beyond 2 sigma redrawn; sigma is divided by 0.8796 to keep the variance. */
    TRUNCATED_NORMAL
}
