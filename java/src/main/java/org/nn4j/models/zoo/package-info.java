/**
 * Built-in models (CURRICULUM §10): {@link org.nn4j.models.zoo.LeNet5} (N1),
 * {@link org.nn4j.models.zoo.Mlp} (M3) and the linear classifiers in
 * {@link org.nn4j.models.zoo.LinearModels} (M7, M8), by name through
 * {@link org.nn4j.models.zoo.Zoo}. They are plain {@link org.nn4j.models.Sequential} models:
 * compile and fit them like any other.
 */
package org.nn4j.models.zoo;
