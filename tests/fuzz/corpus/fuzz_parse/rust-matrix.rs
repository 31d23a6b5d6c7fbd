//! A small dense matrix type.
use std::fmt;
use std::ops::{Add, Index, Mul};

/// Row-major matrix of f64.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

#[derive(Debug)]
pub enum MatrixError {
    Shape { expected: (usize, usize), got: (usize, usize) },
    Empty,
}

impl Matrix {
    pub fn new(rows: usize, cols: usize) -> Self {
        Self { rows, cols, data: vec![0.0; rows * cols] }
    }

    pub fn identity(n: usize) -> Self {
        let mut m = Self::new(n, n);
        for i in 0..n {
            m.data[i * n + i] = 1.0;
        }
        m
    }

    pub fn try_mul(&self, other: &Matrix) -> Result<Matrix, MatrixError> {
        if self.cols != other.rows {
            return Err(MatrixError::Shape {
                expected: (self.cols, other.cols),
                got: (other.rows, other.cols),
            });
        }
        let mut out = Matrix::new(self.rows, other.cols);
        for (i, j) in (0..self.rows).flat_map(|i| (0..other.cols).map(move |j| (i, j))) {
            out.data[i * other.cols + j] =
                (0..self.cols).map(|k| self[(i, k)] * other[(k, j)]).sum();
        }
        Ok(out)
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;
    fn index(&self, (r, c): (usize, usize)) -> &f64 {
        &self.data[r * self.cols + c]
    }
}

impl<'a> Add for &'a Matrix {
    type Output = Matrix;
    fn add(self, rhs: Self) -> Matrix {
        let data = self.data.iter().zip(&rhs.data).map(|(a, b)| a + b).collect();
        Matrix { data, ..self.clone() }
    }
}

impl Mul<f64> for Matrix {
    type Output = Matrix;
    fn mul(mut self, k: f64) -> Matrix {
        self.data.iter_mut().for_each(|x| *x *= k);
        self
    }
}

impl fmt::Display for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in self.data.chunks(self.cols) {
            writeln!(f, "{:?}\t\"row\"", row)?;
        }
        Ok(())
    }
}
