//! Thin wrappers over the C library's buffer API.

mod bindings;
pub mod error;

use std::ffi::{c_char, c_int, c_void};
use std::io;

pub type Handle = *mut c_void;
pub(crate) type Result<T> = std::result::Result<T, error::Error>;

extern "C" {
    fn buf_open(path: *const c_char, flags: c_int) -> Handle;
    fn buf_read(h: Handle, dst: *mut u8, len: usize) -> isize;
    fn buf_close(h: Handle);
    static buf_errno: c_int;
}

/// A raw 4-byte word seen as an integer or as bytes.
#[repr(C)]
pub union Word {
    pub int: u32,
    pub bytes: [u8; 4],
}

/// An open buffer; closed on drop.
pub struct Buffer {
    handle: Handle,
    pos: usize,
}

pub struct Bytes<'a>(&'a [u8]);

impl Buffer {
    pub const PAGE: usize = 4096;

    /// Opens the buffer at `path`.
    pub fn open(path: &std::ffi::CStr) -> Result<Self> {
        let handle = unsafe { buf_open(path.as_ptr(), 0) };
        if handle.is_null() {
            return Err(error::Error::last());
        }
        Ok(Buffer { handle, pos: 0 })
    }

    pub const fn position(&self) -> usize {
        self.pos
    }
}

impl io::Read for Buffer {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        fn check(n: isize) -> io::Result<usize> {
            usize::try_from(n).map_err(|_| io::Error::last_os_error())
        }
        let n = check(unsafe { buf_read(self.handle, dst.as_mut_ptr(), dst.len()) })?;
        self.pos += n;
        Ok(n)
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        unsafe { buf_close(self.handle) }
    }
}

impl From<u32> for Word {
    fn from(int: u32) -> Self {
        Word { int }
    }
}

impl From<[u8; 4]> for Word {
    fn from(bytes: [u8; 4]) -> Self {
        Word { bytes }
    }
}

impl<'a> AsRef<[u8]> for &'a Bytes<'a> {
    fn as_ref(&self) -> &[u8] {
        self.0
    }
}

/// Checksums over raw bytes.
pub trait Checksum {
    fn checksum(&self) -> u32;
}

impl Checksum for [u8] {
    fn checksum(&self) -> u32 {
        self.iter().fold(0u32, |acc, b| acc.rotate_left(5) ^ u32::from(*b))
    }
}

pub mod unix {
    use super::*;

    pub struct Fd(pub c_int);

    impl crate::sys::Checksum for Fd {
        fn checksum(&self) -> u32 {
            self.0 as u32
        }
    }

    pub async fn wait_readable(fd: &Fd) -> io::Result<()> {
        let _ = fd;
        Ok(())
    }
}

pub unsafe fn last_errno() -> c_int {
    buf_errno
}
