function g() { console.log(1); }
