#!/usr/bin/python3
"""Writes the real-data fixtures of test/fixtures/datasets/ (run once; the CSVs are committed, tests never run this).

Needs scikit-learn's bundled datasets (Debian: apt-get install python3-sklearn; run with /usr/bin/python3).
Format: docs/data-format.md (header line, label column `y` in {-1, +1}). Values are written with 8 significant
digits (the bundled files have at most 5), so the CSVs are exact copies of sklearn's numbers.
"""
import os
import sys

import numpy as np
from sklearn import datasets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'datasets')


def write(name, X, y, names, note, digits=8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    assert set(np.unique(y)) <= {-1, 1}, name
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        f.write(f'# {note}\n')
        f.write(','.join(names + ['y']) + '\n')
        for row, label in zip(X, y):
            f.write(','.join(f'{v:.{digits}g}' for v in row) + f',{label}\n')
    size = os.path.getsize(path)
    assert size < 200_000, (name, size)
    print(f'{name}: n = {len(y)}, d = {X.shape[1]}, {size} bytes', file=sys.stderr)


def standardize(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def main():
    os.makedirs(OUT, exist_ok=True)
    iris = datasets.load_iris()
    cols = [n.replace(' (cm)', '').replace(' ', '_') for n in iris.feature_names]
    # setosa (class 0) against the other two species: linearly separable (Fisher 1936)
    write('iris-setosa-vs-rest.csv', iris.data, np.where(iris.target == 0, 1, -1), cols,
          'Iris (Fisher 1936, UCI), sklearn load_iris: setosa = +1, versicolor and virginica = -1; raw features (cm)')
    # versicolor against virginica: NOT linearly separable (one point overlaps): the non-separable fixture
    m = iris.target > 0
    write('iris-versicolor-vs-virginica.csv', iris.data[m], np.where(iris.target[m] == 1, 1, -1), cols,
          'Iris (Fisher 1936, UCI), sklearn load_iris: versicolor = +1, virginica = -1; raw features (cm); not linearly separable')
    wine = datasets.load_wine()
    wcols = [n.replace('/', '_').replace(' ', '_') for n in wine.feature_names]
    yw = np.where(wine.target == 0, 1, -1)
    write('wine-class0-vs-rest.csv', wine.data, yw, wcols,
          'Wine (Forina et al., UCI), sklearn load_wine: cultivar 0 = +1, cultivars 1 and 2 = -1; raw features (unscaled: proline ~ 1e3)')
    write('wine-class0-vs-rest-standardized.csv', standardize(wine.data), yw, wcols,
          'Wine (Forina et al., UCI), sklearn load_wine: cultivar 0 = +1, others = -1; each feature standardized (mean 0, sd 1)',
          digits=6)
    # cultivar 2 against the rest, standardized: separable only with an intercept (the --intercept fixture)
    write('wine-class2-vs-rest-standardized.csv', standardize(wine.data), np.where(wine.target == 2, 1, -1), wcols,
          'Wine (Forina et al., UCI), sklearn load_wine: cultivar 2 = +1, others = -1; each feature standardized; separable only with an intercept',
          digits=6)
    bc = datasets.load_breast_cancer()
    bcols = [n.replace(' ', '_') for n in bc.feature_names]
    # raw: separable through the origin with a tiny margin (features from 1e-3 to 4e3)
    write('breast-cancer-raw.csv', bc.data, np.where(bc.target == 1, 1, -1), bcols,
          'Breast Cancer Wisconsin (Diagnostic) (Wolberg, Street, Mangasarian; UCI), sklearn load_breast_cancer: benign = +1, malignant = -1; raw features (unscaled)')
    # Soudry et al. 2018 (JMLR), Fig. 1: x1 = (0.5, 1.5), x2 = (1.5, 0.5) positive, their negatives negative
    write('soudry-fig1.csv', [[0.5, 1.5], [1.5, 0.5], [-0.5, -1.5], [-1.5, -0.5]], [1, 1, -1, -1], ['x1', 'x2'],
          'Soudry, Hoffer, Nacson, Gunasekar, Srebro (JMLR 2018), Fig. 1 support vectors: x1 = (0.5, 1.5), x2 = (1.5, 0.5) (+1) and -x1, -x2 (-1)')


if __name__ == '__main__':
    main()
